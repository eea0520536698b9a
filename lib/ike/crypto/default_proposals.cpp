// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/default_proposals.hpp"

#include "ike/crypto/transform_registry.hpp"

namespace ipsec::ike::crypto {

namespace {

void add_aes(Proposal& p, EncrId id) {
    for (std::uint16_t bits : {128, 192, 256})
        p.add(make_transform(id, bits));
}

// charon's PRF preference: strong HMACs, then the AES PRFs, then SHA-1.
void add_prfs(Proposal& p) {
    for (PrfId prf : {PrfId::hmac_sha2_256, PrfId::hmac_sha2_384, PrfId::hmac_sha2_512,
                      PrfId::aes128_xcbc, PrfId::aes128_cmac, PrfId::hmac_sha1})
        p.add(make_transform(prf));
}

// charon's key exchange preference: elliptic curves (X25519 first), then
// the MODP groups of at least 3072 bits, then MODP 2048.
void add_kes(Proposal& p) {
    for (KeId ke : {KeId::curve_25519, KeId::curve_448, KeId::ecp_256, KeId::ecp_384, KeId::ecp_521,
                    KeId::ecp_256_bp, KeId::ecp_384_bp, KeId::ecp_512_bp, KeId::modp_3072,
                    KeId::modp_4096, KeId::modp_6144, KeId::modp_8192, KeId::modp_2048})
        p.add(make_transform(ke));
}

std::vector<Proposal> ike_defaults() {
    Proposal classic;
    classic.protocol = Protocol::ike;
    add_aes(classic, EncrId::aes_cbc);
    add_aes(classic, EncrId::aes_ctr);
    add_aes(classic, EncrId::camellia_cbc);
    add_aes(classic, EncrId::camellia_ctr);
    classic.add(make_transform(EncrId::triple_des));
    for (IntegId integ :
         {IntegId::hmac_sha2_256_128, IntegId::hmac_sha2_384_192, IntegId::hmac_sha2_512_256,
          IntegId::aes_xcbc_96, IntegId::aes_cmac_96, IntegId::hmac_sha1_96})
        classic.add(make_transform(integ));
    add_prfs(classic);
    add_kes(classic);

    Proposal aead;
    aead.protocol = Protocol::ike;
    // At least 128-bit ICVs first, then the shorter ones.
    add_aes(aead, EncrId::aes_ccm_16);
    add_aes(aead, EncrId::aes_gcm_16);
    aead.add(make_transform(EncrId::chacha20_poly1305));
    add_aes(aead, EncrId::aes_ccm_8);
    add_aes(aead, EncrId::aes_ccm_12);
    add_aes(aead, EncrId::aes_gcm_8);
    add_aes(aead, EncrId::aes_gcm_12);
    add_prfs(aead);
    add_kes(aead);
    return {classic, aead};
}

std::vector<Proposal> esp_defaults(Protocol protocol) {
    Proposal classic;
    classic.protocol = protocol;
    if (protocol == Protocol::esp)
        add_aes(classic, EncrId::aes_cbc);
    for (IntegId integ : {IntegId::hmac_sha2_256_128, IntegId::hmac_sha2_384_192,
                          IntegId::hmac_sha2_512_256, IntegId::hmac_sha1_96, IntegId::aes_xcbc_96})
        classic.add(make_transform(integ));
    classic.add(make_transform(EsnId::no));
    if (protocol == Protocol::ah)
        return {classic};

    Proposal aead;
    aead.protocol = protocol;
    add_aes(aead, EncrId::aes_gcm_16);
    aead.add(make_transform(EsnId::no));
    return {classic, aead};
}

} // namespace

std::vector<Proposal> strongswan_default_proposals(Protocol protocol) {
    if (protocol == Protocol::ike)
        return ike_defaults();
    return esp_defaults(protocol);
}

std::vector<Proposal> default_proposals(Protocol protocol) {
    std::vector<Proposal> out;
    for (Proposal p : strongswan_default_proposals(protocol)) {
        std::erase_if(p.transforms, [](const Transform& t) { return !is_supported(t); });
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace ipsec::ike::crypto
