// SPDX-License-Identifier: GPL-2.0-or-later
// serialize_encrypted() and serialize_encrypted_fragment(): the IKE header and the
// SK/SKF framing around a body the caller's SkEncryptor fills in.
#include "ike/wire/byte_writer.hpp"
#include "ike/wire/codec.hpp"

#include <limits>

namespace ipsec::ike::wire {

namespace {

Result<std::vector<std::uint8_t>> seal_message(const Header& header, PayloadType type,
                                               PayloadType first_inner,
                                               std::span<const std::uint8_t> fragment_fields,
                                               std::span<const std::uint8_t> plaintext,
                                               const SkEncryptor& encryptor) {
    if (!encryptor.body_size || !encryptor.seal)
        return Error::plain("encrypted payload: the encryptor has no body_size or seal function");
    std::size_t body = encryptor.body_size(plaintext.size());
    std::size_t payload_len = 4 + fragment_fields.size() + body;
    if (payload_len > std::numeric_limits<std::uint16_t>::max())
        return Error::plain("encrypted payload: " + std::to_string(plaintext.size()) +
                            " octets of plaintext make a " + std::to_string(payload_len) +
                            "-octet payload, more than its 16-bit length field holds");
    std::vector<std::uint8_t> out;
    out.reserve(Header::size + payload_len);
    ByteWriter w(out);
    write_header(w, header, static_cast<std::uint8_t>(type));
    w.u8(static_cast<std::uint8_t>(first_inner));
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(payload_len));
    w.bytes(fragment_fields);
    std::size_t body_offset = out.size();
    w.zeros(body);
    w.patch32(24, static_cast<std::uint32_t>(out.size()));
    auto sealed = encryptor.seal(out, body_offset, plaintext);
    if (!sealed)
        return sealed.error().with_context(payload_type_name(type) + " payload");
    return out;
}

} // namespace

Result<std::vector<std::uint8_t>> serialize_encrypted(const Header& header,
                                                      const std::vector<Payload>& inner,
                                                      const SkEncryptor& encryptor) {
    std::vector<std::uint8_t> plaintext = serialize_payloads(inner);
    PayloadType first =
        inner.empty() ? PayloadType::none : static_cast<PayloadType>(payload_type_number(inner[0]));
    return seal_message(header, PayloadType::sk, first, {}, plaintext, encryptor);
}

Result<std::vector<std::uint8_t>>
serialize_encrypted_fragment(const Header& header, PayloadType first_inner, std::uint16_t number,
                             std::uint16_t total, std::span<const std::uint8_t> plaintext,
                             const SkEncryptor& encryptor) {
    if (number == 0 || number > total)
        return Error::plain("SKF payload: fragment " + std::to_string(number) + " of " +
                            std::to_string(total) + " (numbers run from 1 to the total)");
    const std::uint8_t fields[4] = {
        static_cast<std::uint8_t>(number >> 8), static_cast<std::uint8_t>(number),
        static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total)};
    return seal_message(header, PayloadType::skf, number == 1 ? first_inner : PayloadType::none,
                        fields, plaintext, encryptor);
}

} // namespace ipsec::ike::wire
