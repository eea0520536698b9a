// SPDX-License-Identifier: GPL-2.0-or-later
// The Linux XFRM names and key layouts of a negotiated CHILD_SA suite, so the
// engine can hand the kernel interface an SA per direction:
//   AES-CBC            enc  "cbc(aes)"
//   AES-GCM-8/12/16    aead "rfc4106(gcm(aes))", key | 4-byte salt, ICV 64/96/128 bits
//   ChaCha20-Poly1305  aead "rfc7539esp(chacha20,poly1305)", key | salt, ICV 128
//   HMAC-SHA1-96 "hmac(sha1)"/96, HMAC-SHA2-256-128 "hmac(sha256)"/128,
//   -384-192 "hmac(sha384)"/192, -512-256 "hmac(sha512)"/256,
//   AES-XCBC-96 "xcbc(aes)"/96, AES-CMAC-96 "cmac(aes)"/96 (auth, truncated)
// Plain types mirroring ipxf's Algorithm; this library does not link libipxf.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/key_schedule.hpp"

#include <optional>
#include <string>

namespace ipsec::ike::crypto {

struct KernelAlgorithm {
    std::string name;
    Bytes key;
    std::uint32_t key_bits = 0; // the whole key, salt included, as the kernel counts
    std::optional<std::uint32_t> icv_bits;
};

struct KernelSaAlgorithms {
    std::optional<KernelAlgorithm> enc;
    std::optional<KernelAlgorithm> auth;
    std::optional<KernelAlgorithm> aead;
};

// encr_key/integ_key: one direction's keys from derive_child_sa_keys().
ipsec::Result<KernelSaAlgorithms> kernel_algorithms(const ChildSuite& suite, ByteView encr_key,
                                                    ByteView integ_key);

} // namespace ipsec::ike::crypto
