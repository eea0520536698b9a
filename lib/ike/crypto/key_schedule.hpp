// SPDX-License-Identifier: GPL-2.0-or-later
// The IKEv2 key schedule (RFC 7296 sections 2.13, 2.14, 2.17, 2.18):
//
//   SKEYSEED = prf(Ni | Nr, g^ir)            (AES-XCBC/CMAC PRF: key is the
//                                             first 8 bytes of Ni and of Nr)
//   {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
//            = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
//   CHILD_SA KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr), split into
//            encr i->r | integ i->r | encr r->i | integ r->i
//   rekeyed IKE_SA: SKEYSEED = prf_old(SK_d (old), g^ir (new) | Ni | Nr)
//
// SK_d, SK_pi and SK_pr have the PRF's key size; SK_a* the integrity key
// size (none with an AEAD); SK_e* the cipher key size plus the AEAD salt.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <optional>

namespace ipsec::ike::crypto {

// The algorithms of a negotiated IKE SA.
struct IkeSuite {
    EncrId encr = EncrId::aes_cbc;
    std::uint16_t encr_key_length = 128; // bits; 0 for ChaCha20-Poly1305
    std::optional<IntegId> integ;        // absent with an AEAD
    PrfId prf = PrfId::hmac_sha2_256;
    KeId ke = KeId::curve_25519;
};

// The algorithms of a negotiated ESP/AH CHILD_SA.
struct ChildSuite {
    std::optional<EncrId> encr; // absent for AH
    std::uint16_t encr_key_length = 0;
    std::optional<IntegId> integ; // absent with an AEAD
    std::optional<KeId> ke;       // PFS group of a CREATE_CHILD_SA
    bool esn = false;
};

struct IkeSaKeys {
    Bytes skeyseed;
    Bytes sk_d, sk_ai, sk_ar, sk_ei, sk_er, sk_pi, sk_pr;
};

// The four ESP/AH keys; "_i" is the SA carrying data from the initiator to
// the responder (the initiator's outbound SA), "_r" the other direction.
struct ChildSaKeys {
    Bytes encr_i, integ_i, encr_r, integ_r;
};

// SKEYSEED for a new IKE_SA. Nonces must be 16..256 bytes.
ipsec::Result<Bytes> compute_skeyseed(PrfId prf, ByteView ni, ByteView nr, ByteView g_ir);

// SKEYSEED for an IKE_SA rekeyed with CREATE_CHILD_SA; prf is the old IKE_SA's PRF.
ipsec::Result<Bytes> compute_rekey_skeyseed(PrfId old_prf, ByteView old_sk_d, ByteView g_ir,
                                            ByteView ni, ByteView nr);

// The seven SK_* keys from SKEYSEED (copied into the result). SPIs are 8 bytes.
ipsec::Result<IkeSaKeys> derive_ike_sa_keys(const IkeSuite& suite, ByteView skeyseed, ByteView ni,
                                            ByteView nr, ByteView spi_i, ByteView spi_r);

// SKEYSEED and the SK_* keys of a new IKE_SA in one step.
ipsec::Result<IkeSaKeys> derive_ike_sa(const IkeSuite& suite, ByteView g_ir, ByteView ni,
                                       ByteView nr, ByteView spi_i, ByteView spi_r);

// A CHILD_SA's keys; g_ir only when the CREATE_CHILD_SA did a new key exchange.
ipsec::Result<ChildSaKeys> derive_child_sa_keys(PrfId prf, ByteView sk_d, const ChildSuite& suite,
                                                std::optional<ByteView> g_ir, ByteView ni,
                                                ByteView nr);

} // namespace ipsec::ike::crypto
