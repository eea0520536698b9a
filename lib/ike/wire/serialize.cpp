// SPDX-License-Identifier: GPL-2.0-or-later
// serialize() and serialize_payloads(): see codec.hpp.
#include "ike/wire/byte_writer.hpp"
#include "ike/wire/codec.hpp"

#include <type_traits>

namespace ipsec::ike::wire {

namespace {

template <typename T>
struct AlwaysFalse : std::false_type {};

void write_attributes(ByteWriter& w, const std::vector<TransformAttribute>& attributes) {
    for (const auto& a : attributes) {
        if (a.tv) {
            w.u16(static_cast<std::uint16_t>(0x8000 | (a.type & 0x7fff)));
            w.u16(a.value);
        } else {
            w.u16(a.type & 0x7fff);
            w.u16(static_cast<std::uint16_t>(a.data.size()));
            w.bytes(a.data);
        }
    }
}

void write_sa(ByteWriter& w, const SaPayload& sa) {
    for (std::size_t i = 0; i < sa.proposals.size(); ++i) {
        const Proposal& p = sa.proposals[i];
        std::size_t start = w.size();
        w.u8(i + 1 == sa.proposals.size() ? 0 : 2);
        w.u8(0);
        w.u16(0); // length, patched below
        w.u8(p.number);
        w.u8(static_cast<std::uint8_t>(p.protocol));
        w.u8(static_cast<std::uint8_t>(p.spi.size()));
        w.u8(static_cast<std::uint8_t>(p.transforms.size()));
        w.bytes(p.spi);
        for (std::size_t j = 0; j < p.transforms.size(); ++j) {
            const Transform& t = p.transforms[j];
            std::size_t tstart = w.size();
            w.u8(j + 1 == p.transforms.size() ? 0 : 3);
            w.u8(0);
            w.u16(0);
            w.u8(static_cast<std::uint8_t>(t.type));
            w.u8(0);
            w.u16(t.id);
            write_attributes(w, t.attributes);
            w.patch16(tstart + 2, static_cast<std::uint16_t>(w.size() - tstart));
        }
        w.patch16(start + 2, static_cast<std::uint16_t>(w.size() - start));
    }
}

template <PayloadType Kind>
void write_ts(ByteWriter& w, const TrafficSelectors<Kind>& ts) {
    w.u8(static_cast<std::uint8_t>(ts.selectors.size()));
    w.zeros(3);
    for (const auto& s : ts.selectors) {
        w.u8(static_cast<std::uint8_t>(s.type));
        w.u8(s.ip_protocol);
        w.u16(static_cast<std::uint16_t>(8 + s.start_address.size() + s.end_address.size()));
        w.u16(s.start_port);
        w.u16(s.end_port);
        w.bytes(s.start_address);
        w.bytes(s.end_address);
    }
}

// Writes the body of `payload` (everything after the generic payload header).
void write_body(ByteWriter& w, const Payload& payload) {
    std::visit(
        [&w](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, SaPayload>) {
                write_sa(w, p);
            } else if constexpr (std::is_same_v<T, KePayload>) {
                w.u16(p.group);
                w.zeros(2);
                w.bytes(p.data);
            } else if constexpr (std::is_same_v<T, IdiPayload> || std::is_same_v<T, IdrPayload>) {
                w.u8(static_cast<std::uint8_t>(p.id_type));
                w.zeros(3);
                w.bytes(p.data);
            } else if constexpr (std::is_same_v<T, CertPayload>) {
                w.u8(static_cast<std::uint8_t>(p.encoding));
                w.bytes(p.data);
            } else if constexpr (std::is_same_v<T, CertreqPayload>) {
                w.u8(static_cast<std::uint8_t>(p.encoding));
                w.bytes(p.authority);
            } else if constexpr (std::is_same_v<T, AuthPayload>) {
                w.u8(static_cast<std::uint8_t>(p.method));
                w.zeros(3);
                w.bytes(p.data);
            } else if constexpr (std::is_same_v<T, NoncePayload> ||
                                 std::is_same_v<T, VendorIdPayload> ||
                                 std::is_same_v<T, EapPayload>) {
                w.bytes(p.data);
            } else if constexpr (std::is_same_v<T, NotifyPayload>) {
                w.u8(static_cast<std::uint8_t>(p.protocol));
                w.u8(static_cast<std::uint8_t>(p.spi.size()));
                w.u16(static_cast<std::uint16_t>(p.type));
                w.bytes(p.spi);
                w.bytes(p.data);
            } else if constexpr (std::is_same_v<T, DeletePayload>) {
                w.u8(static_cast<std::uint8_t>(p.protocol));
                w.u8(p.spi_size);
                w.u16(static_cast<std::uint16_t>(p.spis.size()));
                for (const auto& spi : p.spis)
                    w.bytes(spi);
            } else if constexpr (std::is_same_v<T, TsiPayload> || std::is_same_v<T, TsrPayload>) {
                write_ts(w, p);
            } else if constexpr (std::is_same_v<T, EncryptedPayload>) {
                w.bytes(p.body);
            } else if constexpr (std::is_same_v<T, ConfigPayload>) {
                w.u8(static_cast<std::uint8_t>(p.cfg_type));
                w.zeros(3);
                for (const auto& a : p.attributes) {
                    w.u16(a.type & 0x7fff);
                    w.u16(static_cast<std::uint16_t>(a.value.size()));
                    w.bytes(a.value);
                }
            } else if constexpr (std::is_same_v<T, EncryptedFragmentPayload>) {
                w.u16(p.number);
                w.u16(p.total);
                w.bytes(p.body);
            } else if constexpr (std::is_same_v<T, UnknownPayload>) {
                w.bytes(p.body);
            } else {
                static_assert(AlwaysFalse<T>::value, "a payload type without a writer");
            }
        },
        payload);
}

// The Next Payload value written in a payload's own header: the next payload's
// type, or for SK/SKF the first inner payload's.
std::uint8_t chained_next(const Payload& payload, const Payload* next) {
    if (const auto* sk = std::get_if<EncryptedPayload>(&payload))
        return static_cast<std::uint8_t>(sk->first_inner);
    if (const auto* skf = std::get_if<EncryptedFragmentPayload>(&payload))
        return static_cast<std::uint8_t>(skf->number == 1 ? skf->first_inner : PayloadType::none);
    return next ? payload_type_number(*next) : 0;
}

void write_chain(ByteWriter& w, const std::vector<Payload>& payloads) {
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        const Payload& p = payloads[i];
        std::size_t start = w.size();
        w.u8(chained_next(p, i + 1 < payloads.size() ? &payloads[i + 1] : nullptr));
        const auto* unknown = std::get_if<UnknownPayload>(&p);
        w.u8(unknown && unknown->critical ? 0x80 : 0);
        w.u16(0);
        write_body(w, p);
        w.patch16(start + 2, static_cast<std::uint16_t>(w.size() - start));
    }
}

} // namespace

void write_header(ByteWriter& w, const Header& h, std::uint8_t first_payload) {
    w.u64(h.spi_i);
    w.u64(h.spi_r);
    w.u8(first_payload);
    w.u8(static_cast<std::uint8_t>((h.major_version << 4) | (h.minor_version & 0x0f)));
    w.u8(static_cast<std::uint8_t>(h.exchange));
    w.u8(h.flags());
    w.u32(h.message_id);
    w.u32(0); // length, patched by the caller
}

std::vector<std::uint8_t> serialize(const Message& message) {
    std::vector<std::uint8_t> out;
    ByteWriter w(out);
    write_header(w, message.header,
                 message.payloads.empty() ? 0 : payload_type_number(message.payloads.front()));
    write_chain(w, message.payloads);
    w.patch32(24, static_cast<std::uint32_t>(out.size()));
    return out;
}

std::vector<std::uint8_t> serialize_payloads(const std::vector<Payload>& payloads) {
    std::vector<std::uint8_t> out;
    ByteWriter w(out);
    write_chain(w, payloads);
    return out;
}

} // namespace ipsec::ike::wire
