// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/proposal_parser.hpp"

#include "ike/crypto/default_proposals.hpp"
#include "ike/crypto/transform_registry.hpp"

#include <array>

namespace ipsec::ike::crypto {

namespace {

struct Keyword {
    std::string_view name;
    Transform transform;
};

constexpr Transform encr(EncrId id, std::uint16_t bits) {
    return make_transform(id, bits);
}

// The keywords of strongSwan's proposal_keywords_static.txt this library implements.
constexpr std::array kKeywords = {
    Keyword{"aes", encr(EncrId::aes_cbc, 128)},
    Keyword{"aes128", encr(EncrId::aes_cbc, 128)},
    Keyword{"aes192", encr(EncrId::aes_cbc, 192)},
    Keyword{"aes256", encr(EncrId::aes_cbc, 256)},
    Keyword{"aes128gcm8", encr(EncrId::aes_gcm_8, 128)},
    Keyword{"aes128gcm64", encr(EncrId::aes_gcm_8, 128)},
    Keyword{"aes128gcm12", encr(EncrId::aes_gcm_12, 128)},
    Keyword{"aes128gcm96", encr(EncrId::aes_gcm_12, 128)},
    Keyword{"aes128gcm16", encr(EncrId::aes_gcm_16, 128)},
    Keyword{"aes128gcm128", encr(EncrId::aes_gcm_16, 128)},
    Keyword{"aes128gcm", encr(EncrId::aes_gcm_16, 128)},
    Keyword{"aes192gcm8", encr(EncrId::aes_gcm_8, 192)},
    Keyword{"aes192gcm64", encr(EncrId::aes_gcm_8, 192)},
    Keyword{"aes192gcm12", encr(EncrId::aes_gcm_12, 192)},
    Keyword{"aes192gcm96", encr(EncrId::aes_gcm_12, 192)},
    Keyword{"aes192gcm16", encr(EncrId::aes_gcm_16, 192)},
    Keyword{"aes192gcm128", encr(EncrId::aes_gcm_16, 192)},
    Keyword{"aes192gcm", encr(EncrId::aes_gcm_16, 192)},
    Keyword{"aes256gcm8", encr(EncrId::aes_gcm_8, 256)},
    Keyword{"aes256gcm64", encr(EncrId::aes_gcm_8, 256)},
    Keyword{"aes256gcm12", encr(EncrId::aes_gcm_12, 256)},
    Keyword{"aes256gcm96", encr(EncrId::aes_gcm_12, 256)},
    Keyword{"aes256gcm16", encr(EncrId::aes_gcm_16, 256)},
    Keyword{"aes256gcm128", encr(EncrId::aes_gcm_16, 256)},
    Keyword{"aes256gcm", encr(EncrId::aes_gcm_16, 256)},
    Keyword{"chacha20poly1305", encr(EncrId::chacha20_poly1305, 0)},

    Keyword{"sha", make_transform(IntegId::hmac_sha1_96)},
    Keyword{"sha1", make_transform(IntegId::hmac_sha1_96)},
    Keyword{"sha256", make_transform(IntegId::hmac_sha2_256_128)},
    Keyword{"sha2_256", make_transform(IntegId::hmac_sha2_256_128)},
    Keyword{"sha384", make_transform(IntegId::hmac_sha2_384_192)},
    Keyword{"sha2_384", make_transform(IntegId::hmac_sha2_384_192)},
    Keyword{"sha512", make_transform(IntegId::hmac_sha2_512_256)},
    Keyword{"sha2_512", make_transform(IntegId::hmac_sha2_512_256)},
    Keyword{"aesxcbc", make_transform(IntegId::aes_xcbc_96)},
    Keyword{"aescmac", make_transform(IntegId::aes_cmac_96)},

    Keyword{"prfsha1", make_transform(PrfId::hmac_sha1)},
    Keyword{"prfsha256", make_transform(PrfId::hmac_sha2_256)},
    Keyword{"prfsha384", make_transform(PrfId::hmac_sha2_384)},
    Keyword{"prfsha512", make_transform(PrfId::hmac_sha2_512)},
    Keyword{"prfaesxcbc", make_transform(PrfId::aes128_xcbc)},
    Keyword{"prfaescmac", make_transform(PrfId::aes128_cmac)},

    Keyword{"modpnone", make_transform(KeId::none)},
    Keyword{"modp2048", make_transform(KeId::modp_2048)},
    Keyword{"modp3072", make_transform(KeId::modp_3072)},
    Keyword{"modp4096", make_transform(KeId::modp_4096)},
    Keyword{"ecp256", make_transform(KeId::ecp_256)},
    Keyword{"ecp384", make_transform(KeId::ecp_384)},
    Keyword{"ecp521", make_transform(KeId::ecp_521)},
    Keyword{"curve25519", make_transform(KeId::curve_25519)},
    Keyword{"x25519", make_transform(KeId::curve_25519)},

    Keyword{"noesn", make_transform(EsnId::no)},
    Keyword{"esn", make_transform(EsnId::yes)},
};

// strongSwan keywords for algorithms this library does not implement: named
// as such in the error rather than "unknown".
constexpr std::array<std::string_view, 30> kUnsupported = {
    "3des",         "des",          "blowfish",     "blowfish128", "blowfish256", "cast128",
    "null",         "md5",          "md5_128",      "prfmd5",      "sha1_160",    "sha256_96",
    "sha2_256_96",  "modp768",      "modp1024",     "modp1536",    "modp6144",    "modp8192",
    "modp1024s160", "modp2048s224", "modp2048s256", "ecp192",      "ecp224",      "ecp224bp",
    "ecp256bp",     "ecp384bp",     "ecp512bp",     "curve448",    "x448",        "serpent",
};

bool looks_unsupported(std::string_view token) {
    for (std::string_view name : kUnsupported)
        if (token == name)
            return true;
    return token.starts_with("camellia") || token.starts_with("twofish") ||
           token.starts_with("serpent") || token.find("ccm") != std::string_view::npos ||
           token.find("ctr") != std::string_view::npos ||
           token.find("gmac") != std::string_view::npos;
}

const Transform* find_keyword(std::string_view token) {
    for (const Keyword& k : kKeywords)
        if (k.name == token)
            return &k.transform;
    return nullptr;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The PRF strongSwan derives from an integrity algorithm when an IKE
// proposal names none.
std::optional<PrfId> prf_for(IntegId integ) {
    switch (integ) {
    case IntegId::hmac_sha1_96:
        return PrfId::hmac_sha1;
    case IntegId::hmac_sha2_256_128:
        return PrfId::hmac_sha2_256;
    case IntegId::hmac_sha2_384_192:
        return PrfId::hmac_sha2_384;
    case IntegId::hmac_sha2_512_256:
        return PrfId::hmac_sha2_512;
    case IntegId::aes_xcbc_96:
        return PrfId::aes128_xcbc;
    case IntegId::aes_cmac_96:
        return PrfId::aes128_cmac;
    default:
        return std::nullopt;
    }
}

void remove_type(Proposal& p, TransformType type) {
    std::erase_if(p.transforms, [type](const Transform& t) { return t.type == type; });
}

ipsec::Result<Proposal> parse_one(Protocol protocol, std::string_view text) {
    std::string where =
        std::string(protocol_name(protocol)) + " proposal '" + std::string(text) + "'";
    Proposal p;
    p.protocol = protocol;
    std::size_t start = 0;
    while (true) {
        std::size_t dash = text.find('-', start);
        std::string_view token = text.substr(
            start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
        if (token.empty())
            return ipsec::Error::plain("empty algorithm keyword in " + where);
        const Transform* t = find_keyword(token);
        if (!t) {
            if (looks_unsupported(token))
                return ipsec::Error::plain("algorithm '" + std::string(token) + "' in " + where +
                                           " is not supported");
            return ipsec::Error::plain("unknown algorithm '" + std::string(token) + "' in " +
                                       where);
        }
        p.add(*t);
        if (dash == std::string_view::npos)
            break;
        start = dash + 1;
    }

    auto ciphers = p.of_type(TransformType::encr);
    bool any_aead = false, all_aead = !ciphers.empty();
    for (const Transform& c : ciphers) {
        if (is_aead(static_cast<EncrId>(c.id)))
            any_aead = true;
        else
            all_aead = false;
    }

    if (protocol == Protocol::ike) {
        if (!p.has(TransformType::prf))
            for (const Transform& integ : p.of_type(TransformType::integ))
                if (auto prf = prf_for(static_cast<IntegId>(integ.id)))
                    p.add(make_transform(*prf));
        if (!p.has(TransformType::prf))
            return ipsec::Error::plain(where + " has no PRF (add e.g. prfsha256)");
        std::erase_if(p.transforms,
                      [](const Transform& t) { return t.type == TransformType::ke && t.id == 0; });
        if (!p.has(TransformType::ke))
            return ipsec::Error::plain(where + " has no key exchange method (add e.g. curve25519)");
        if (p.has(TransformType::esn))
            return ipsec::Error::plain(where + ": esn/noesn only apply to ESP and AH");
    } else {
        remove_type(p, TransformType::prf);
    }

    if (protocol == Protocol::ah) {
        remove_type(p, TransformType::encr);
        if (!p.has(TransformType::integ))
            return ipsec::Error::plain(where + " has no integrity algorithm");
    } else {
        if (ciphers.empty())
            return ipsec::Error::plain(where + " has no encryption algorithm");
        if (any_aead && !all_aead)
            return ipsec::Error::plain(where +
                                       " mixes combined-mode (AEAD) and classic ciphers; use "
                                       "separate proposals");
        if (all_aead)
            remove_type(p, TransformType::integ);
        else if (protocol == Protocol::ike && !p.has(TransformType::integ))
            return ipsec::Error::plain(where + " has no integrity algorithm (add e.g. sha256)");
    }

    if (protocol != Protocol::ike && !p.has(TransformType::esn))
        p.add(make_transform(EsnId::no));
    return p;
}

} // namespace

ipsec::Result<ProposalList> parse_proposal_string(Protocol protocol, std::string_view text) {
    ProposalList list;
    text = trim(text);
    if (text.ends_with('!')) {
        list.strict = true;
        text.remove_suffix(1);
        text = trim(text);
    }
    if (text.empty())
        return ipsec::Error::plain(std::string("empty ") + std::string(protocol_name(protocol)) +
                                   " proposal list");
    std::size_t start = 0;
    while (true) {
        std::size_t comma = text.find(',', start);
        std::string_view one = trim(text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (one.empty())
            return ipsec::Error::plain("empty proposal in '" + std::string(text) + "'");
        auto p = parse_one(protocol, one);
        if (!p)
            return p.error();
        list.proposals.push_back(std::move(*p));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return list;
}

ipsec::Result<std::vector<Proposal>> configured_proposals(Protocol protocol,
                                                          std::optional<std::string_view> text) {
    std::vector<Proposal> out;
    bool strict = false;
    if (text) {
        auto list = parse_proposal_string(protocol, *text);
        if (!list)
            return list.error();
        out = std::move(list->proposals);
        strict = list->strict;
    }
    if (!strict)
        for (Proposal& p : default_proposals(protocol))
            out.push_back(std::move(p));
    return out;
}

} // namespace ipsec::ike::crypto
