// SPDX-License-Identifier: GPL-2.0-or-later
// AUTH payload data for pre-shared keys and the octets every AUTH method
// covers (RFC 7296 section 2.15):
//
//   InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI
//   ResponderSignedOctets = RealMessage2 | NonceIData | MACedIDForR
//   MACedIDForX = prf(SK_px, IDx')  where IDx' is the ID payload without its
//                                    generic header (ID Type, 3 reserved, data)
//   AUTH (PSK) = prf(prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>)
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <string_view>

namespace ipsec::ike::crypto {

// IKEv2 Authentication Method values (RFC 7296 section 3.8, RFC 7427).
enum class AuthMethod : std::uint8_t {
    rsa_signature = 1,
    shared_key_mic = 2,
    dss_signature = 3,
    ecdsa_sha256_p256 = 9,
    ecdsa_sha384_p384 = 10,
    ecdsa_sha512_p521 = 11,
    digital_signature = 14,
};

// The 17 ASCII characters, no terminating NUL.
inline constexpr std::string_view kKeyPad = "Key Pad for IKEv2";

// real_message: the whole IKE_SA_INIT message this side sent (initiator: the
// request; responder: the response), as sent; peer_nonce: the other side's
// Nonce Data; sk_p: SK_pi for the initiator, SK_pr for the responder;
// id_body: this side's ID payload body (IDx').
ipsec::Result<Bytes> signed_octets(PrfId prf, ByteView real_message, ByteView peer_nonce,
                                   ByteView sk_p, ByteView id_body);

// The AUTH Data for authentication method 2 (Shared Key Message Integrity Code).
ipsec::Result<Bytes> psk_auth(PrfId prf, ByteView shared_secret, ByteView signed_octets);

// Checks a received PSK AUTH Data in constant time; error AUTHENTICATION_FAILED.
ipsec::Result<void> verify_psk_auth(PrfId prf, ByteView shared_secret, ByteView signed_octets,
                                    ByteView auth_data);

} // namespace ipsec::ike::crypto
