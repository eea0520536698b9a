// SPDX-License-Identifier: GPL-2.0-or-later
// The IKEv2 codec (RFC 7296, RFC 7383): bytes to Message and back. Pure: no I/O,
// no globals, nothing kept between calls, so it can be fuzzed.
//
// parse() is strict: the header's length must be the datagram's, every payload,
// proposal, transform, attribute, selector and SPI length must add up exactly,
// proposals are numbered 1, 2, 3... (one proposal, as in a response, may carry any
// number but 0), and the "last substructure" markers and counts must agree with
// what follows. An unknown payload type with the critical bit set is refused with
// UNSUPPORTED_CRITICAL_PAYLOAD; an unknown non-critical one is kept raw. Errors are
// Error::ike with the notify type a responder would send (INVALID_SYNTAX,
// INVALID_MAJOR_VERSION, UNSUPPORTED_CRITICAL_PAYLOAD) and a message naming the
// payload, the field and its offset in the input. For UNSUPPORTED_CRITICAL_PAYLOAD,
// Error::detail is the offending payload type in decimal (the octet RFC 7296 3.10.1
// puts in that notify's data).
//
// serialize() writes the header's length and next-payload fields and every
// payload's generic header from the model; reserved fields are written as 0 (the
// header's reserved flag bits as kept in Header::reserved_flags). Precondition:
// every field fits its length field on the wire (a payload body under 65532
// octets, SPIs under 256 octets), which holds for anything parse() returned.
#pragma once

#include "common/result.hpp"
#include "ike/wire/message.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace ipsec::ike::wire {

Result<Message> parse(std::span<const std::uint8_t> datagram);
std::vector<std::uint8_t> serialize(const Message& message);

// The payload chain inside a decrypted SK payload (or a reassembled SKF message):
// `plaintext` holds the inner payloads only, without the padding and the pad
// length octet. `first` is the SK payload's first_inner. Offsets in errors count
// from the start of `plaintext`.
Result<std::vector<Payload>> parse_payloads(PayloadType first,
                                            std::span<const std::uint8_t> plaintext);
// The inverse: the payloads with their generic headers, chained; the type of the
// first one goes into the SK payload's header (payload_type_number(payloads[0])).
std::vector<std::uint8_t> serialize_payloads(const std::vector<Payload>& payloads);

// What the caller's cipher does to build an SK or SKF payload (the codec holds no
// crypto). body_size(n) says how many octets IV || ciphertext || ICV take for n
// octets of inner payloads (padding and pad length included). seal() gets the whole
// datagram with the IKE header and the SK/SKF payload header (and for SKF its
// fragment number and total) written and body_size(n) octets reserved at
// body_offset, up to the end of the datagram; it writes the IV, encrypts the padded
// plaintext and writes the ICV there (an AEAD takes datagram[0, body_offset) as its
// associated data; an integrity transform MACs datagram[0, end - ICV size)).
struct SkEncryptor {
    std::function<std::size_t(std::size_t plaintext_size)> body_size;
    std::function<Result<void>(std::span<std::uint8_t> datagram, std::size_t body_offset,
                               std::span<const std::uint8_t> plaintext)>
        seal;
};

// A message whose only payload is an SK payload holding `inner`. The header's
// next_payload and length are set here.
Result<std::vector<std::uint8_t>> serialize_encrypted(const Header& header,
                                                      const std::vector<Payload>& inner,
                                                      const SkEncryptor& encryptor);

// One fragment (RFC 7383): a message whose only payload is an SKF payload with
// `plaintext` (a slice of the serialized inner payloads) encrypted in it.
// `first_inner` must be given for fragment 1 and is written as 0 in the others.
Result<std::vector<std::uint8_t>>
serialize_encrypted_fragment(const Header& header, PayloadType first_inner, std::uint16_t number,
                             std::uint16_t total, std::span<const std::uint8_t> plaintext,
                             const SkEncryptor& encryptor);

} // namespace ipsec::ike::wire
