// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/key_schedule.hpp"

#include "ike/crypto/prf.hpp"
#include "ike/crypto/transform_registry.hpp"

namespace ipsec::ike::crypto {

namespace {

ipsec::Result<void> check_nonce(ByteView nonce, const char* which) {
    if (nonce.size() < 16 || nonce.size() > 256)
        return ipsec::Error::ike(notify::invalid_syntax, std::string(which) + " of " +
                                                             std::to_string(nonce.size()) +
                                                             " bytes (RFC 7296 allows 16..256)");
    return ipsec::success();
}

ipsec::Result<void> check_nonces(ByteView ni, ByteView nr) {
    if (auto r = check_nonce(ni, "Ni"); !r)
        return r;
    return check_nonce(nr, "Nr");
}

bool fixed_key_prf(PrfId prf) {
    return prf == PrfId::aes128_xcbc || prf == PrfId::aes128_cmac;
}

// Takes `length` bytes from `keymat` at `offset`.
Bytes take(const Bytes& keymat, std::size_t& offset, std::size_t length) {
    Bytes out(keymat.begin() + static_cast<std::ptrdiff_t>(offset),
              keymat.begin() + static_cast<std::ptrdiff_t>(offset + length));
    offset += length;
    return out;
}

} // namespace

ipsec::Result<Bytes> compute_skeyseed(PrfId prf_id, ByteView ni, ByteView nr, ByteView g_ir) {
    auto prf = Prf::create(prf_id);
    if (!prf)
        return prf.error();
    if (auto r = check_nonces(ni, nr); !r)
        return r.error();
    if (fixed_key_prf(prf_id))
        return prf->compute(concat({ni.first(8), nr.first(8)}), g_ir);
    return prf->compute(concat({ni, nr}), g_ir);
}

ipsec::Result<Bytes> compute_rekey_skeyseed(PrfId old_prf, ByteView old_sk_d, ByteView g_ir,
                                            ByteView ni, ByteView nr) {
    auto prf = Prf::create(old_prf);
    if (!prf)
        return prf.error();
    if (auto r = check_nonces(ni, nr); !r)
        return r.error();
    return prf->compute(old_sk_d, concat({g_ir, ni, nr}));
}

ipsec::Result<IkeSaKeys> derive_ike_sa_keys(const IkeSuite& suite, ByteView skeyseed, ByteView ni,
                                            ByteView nr, ByteView spi_i, ByteView spi_r) {
    auto prf = Prf::create(suite.prf);
    if (!prf)
        return prf.error();
    if (auto r = check_nonces(ni, nr); !r)
        return r.error();
    if (spi_i.size() != 8 || spi_r.size() != 8)
        return ipsec::Error::ike(notify::invalid_syntax,
                                 "IKE SPIs must be 8 bytes (SPIi " + std::to_string(spi_i.size()) +
                                     ", SPIr " + std::to_string(spi_r.size()) + ")");
    auto encr_size = encr_key_size(suite.encr, suite.encr_key_length);
    if (!encr_size)
        return ipsec::Error::ike(
            notify::no_proposal_chosen,
            "encryption algorithm " +
                transform_name(make_transform(suite.encr, suite.encr_key_length)) +
                " is not supported");
    std::size_t integ_size = 0;
    if (is_aead(suite.encr)) {
        if (suite.integ && *suite.integ != IntegId::none)
            return ipsec::Error::ike(
                notify::no_proposal_chosen,
                "an integrity algorithm with the combined-mode cipher " +
                    transform_name(make_transform(suite.encr, suite.encr_key_length)));
    } else {
        if (!suite.integ || !is_supported(make_transform(*suite.integ)))
            return ipsec::Error::ike(notify::no_proposal_chosen,
                                     "IKE suite without a supported integrity algorithm");
        integ_size = integ_key_size(*suite.integ);
    }
    std::size_t prf_size = prf->key_size();
    std::size_t total = prf_size * 3 + integ_size * 2 + *encr_size * 2;
    auto keymat = prf->prf_plus(skeyseed, concat({ni, nr, spi_i, spi_r}), total);
    if (!keymat)
        return keymat.error();
    IkeSaKeys keys;
    keys.skeyseed.assign(skeyseed.begin(), skeyseed.end());
    std::size_t offset = 0;
    keys.sk_d = take(*keymat, offset, prf_size);
    keys.sk_ai = take(*keymat, offset, integ_size);
    keys.sk_ar = take(*keymat, offset, integ_size);
    keys.sk_ei = take(*keymat, offset, *encr_size);
    keys.sk_er = take(*keymat, offset, *encr_size);
    keys.sk_pi = take(*keymat, offset, prf_size);
    keys.sk_pr = take(*keymat, offset, prf_size);
    return keys;
}

ipsec::Result<IkeSaKeys> derive_ike_sa(const IkeSuite& suite, ByteView g_ir, ByteView ni,
                                       ByteView nr, ByteView spi_i, ByteView spi_r) {
    auto skeyseed = compute_skeyseed(suite.prf, ni, nr, g_ir);
    if (!skeyseed)
        return skeyseed.error();
    return derive_ike_sa_keys(suite, *skeyseed, ni, nr, spi_i, spi_r);
}

ipsec::Result<ChildSaKeys> derive_child_sa_keys(PrfId prf_id, ByteView sk_d,
                                                const ChildSuite& suite,
                                                std::optional<ByteView> g_ir, ByteView ni,
                                                ByteView nr) {
    auto prf = Prf::create(prf_id);
    if (!prf)
        return prf.error();
    if (auto r = check_nonces(ni, nr); !r)
        return r.error();
    std::size_t encr_size = 0;
    if (suite.encr) {
        auto size = encr_key_size(*suite.encr, suite.encr_key_length);
        if (!size)
            return ipsec::Error::ike(
                notify::no_proposal_chosen,
                "CHILD_SA encryption algorithm " +
                    transform_name(make_transform(*suite.encr, suite.encr_key_length)) +
                    " is not supported");
        encr_size = *size;
    }
    std::size_t integ_size = 0;
    if (suite.integ && *suite.integ != IntegId::none) {
        if (!is_supported(make_transform(*suite.integ)))
            return ipsec::Error::ike(notify::no_proposal_chosen,
                                     "CHILD_SA integrity algorithm " +
                                         transform_name(make_transform(*suite.integ)) +
                                         " is not supported");
        integ_size = integ_key_size(*suite.integ);
    }
    if (encr_size == 0 && integ_size == 0)
        return ipsec::Error::plain("CHILD_SA suite has neither encryption nor integrity");
    Bytes seed = g_ir ? concat({*g_ir, ni, nr}) : concat({ni, nr});
    auto keymat = prf->prf_plus(sk_d, seed, 2 * (encr_size + integ_size));
    if (!keymat)
        return keymat.error();
    ChildSaKeys keys;
    std::size_t offset = 0;
    keys.encr_i = take(*keymat, offset, encr_size);
    keys.integ_i = take(*keymat, offset, integ_size);
    keys.encr_r = take(*keymat, offset, encr_size);
    keys.integ_r = take(*keymat, offset, integ_size);
    return keys;
}

} // namespace ipsec::ike::crypto
