// SPDX-License-Identifier: GPL-2.0-or-later
// parse() and parse_payloads(): see codec.hpp for the rules enforced.
#include "ike/wire/codec.hpp"

#include <optional>
#include <string>

namespace ipsec::ike::wire {

namespace {

using Span = std::span<const std::uint8_t>;

std::uint16_t be16(Span s, std::size_t at) {
    return static_cast<std::uint16_t>((s[at] << 8) | s[at + 1]);
}
std::uint32_t be32(Span s, std::size_t at) {
    return (std::uint32_t{s[at]} << 24) | (std::uint32_t{s[at + 1]} << 16) |
           (std::uint32_t{s[at + 2]} << 8) | std::uint32_t{s[at + 3]};
}
std::uint64_t be64(Span s, std::size_t at) {
    return (std::uint64_t{be32(s, at)} << 32) | be32(s, at + 4);
}
Bytes copy(Span s) {
    return Bytes(s.begin(), s.end());
}

Error syntax(const std::string& where, std::size_t offset, const std::string& what) {
    return Error::ike(static_cast<int>(NotifyType::invalid_syntax),
                      where + " at offset " + std::to_string(offset) + ": " + what);
}

// A payload body being parsed: its octets, where it starts in the input and a name
// for errors ("Notify payload").
struct Body {
    Span data;
    std::size_t offset;
    std::string where;

    Error fail(std::size_t at, const std::string& what) const {
        return syntax(where, offset + at, what);
    }
    // An error unless the body has at least `need` octets for its fixed part.
    std::optional<Error> need(std::size_t need, const char* fixed) const {
        if (data.size() >= need)
            return std::nullopt;
        return fail(0, "the body has " + std::to_string(data.size()) + " octets, " + fixed +
                           " needs " + std::to_string(need));
    }
};

Result<std::vector<TransformAttribute>> parse_attributes(const Body& b, std::size_t at,
                                                         std::size_t end, const std::string& name) {
    std::vector<TransformAttribute> attributes;
    while (at < end) {
        if (end - at < 4)
            return b.fail(at, name + ": " + std::to_string(end - at) +
                                  " octets left, a transform attribute needs 4");
        TransformAttribute attr;
        std::uint16_t word = be16(b.data, at);
        attr.tv = (word & 0x8000) != 0;
        attr.type = word & 0x7fff;
        if (attr.tv) {
            attr.value = be16(b.data, at + 2);
            at += 4;
        } else {
            std::size_t len = be16(b.data, at + 2);
            if (len > end - at - 4)
                return b.fail(at + 2, name + ": attribute length " + std::to_string(len) +
                                          " runs past the transform (" +
                                          std::to_string(end - at - 4) + " octets left)");
            attr.data = copy(b.data.subspan(at + 4, len));
            at += 4 + len;
        }
        attributes.push_back(std::move(attr));
    }
    return attributes;
}

Result<std::vector<Transform>> parse_transforms(const Body& b, std::size_t at, std::size_t end,
                                                unsigned count, const std::string& proposal) {
    std::vector<Transform> transforms;
    while (at < end) {
        std::string name = proposal + " transform " + std::to_string(transforms.size() + 1);
        if (end - at < 8)
            return b.fail(at, name + ": " + std::to_string(end - at) +
                                  " octets left, a transform needs 8");
        std::uint8_t last = b.data[at];
        std::size_t len = be16(b.data, at + 2);
        if (last != 0 && last != 3)
            return b.fail(at, name + ": last-substructure octet is " + std::to_string(last) +
                                  ", expected 0 (last) or 3 (more)");
        if (len < 8)
            return b.fail(at + 2, name + ": length " + std::to_string(len) +
                                      " is shorter than the 8-octet transform header");
        if (len > end - at)
            return b.fail(at + 2, name + ": length " + std::to_string(len) +
                                      " runs past the proposal (" + std::to_string(end - at) +
                                      " octets left)");
        Transform t;
        t.type = static_cast<TransformType>(b.data[at + 4]);
        t.id = be16(b.data, at + 6);
        auto attrs = parse_attributes(b, at + 8, at + len, name);
        if (!attrs)
            return attrs.error();
        t.attributes = std::move(attrs).value();
        transforms.push_back(std::move(t));
        at += len;
        if (last == 0 && at != end)
            return b.fail(at, name + " is marked last but " + std::to_string(end - at) +
                                  " octets of the proposal follow");
        if (last == 3 && at == end)
            return b.fail(at - len, name + " says more transforms follow but the proposal ends");
    }
    if (transforms.size() != count)
        return b.fail(at, proposal + " announces " + std::to_string(count) +
                              " transforms but holds " + std::to_string(transforms.size()));
    return transforms;
}

Result<Payload> parse_sa(const Body& b) {
    SaPayload sa;
    std::size_t at = 0;
    const std::size_t end = b.data.size();
    if (end == 0)
        return b.fail(0, "no proposal");
    while (at < end) {
        std::string name = "proposal " + std::to_string(sa.proposals.size() + 1);
        if (end - at < 8)
            return b.fail(at, name + ": " + std::to_string(end - at) +
                                  " octets left, a proposal needs 8");
        std::uint8_t last = b.data[at];
        std::size_t len = be16(b.data, at + 2);
        if (last != 0 && last != 2)
            return b.fail(at, name + ": last-substructure octet is " + std::to_string(last) +
                                  ", expected 0 (last) or 2 (more)");
        if (len > end - at)
            return b.fail(at + 2, name + ": length " + std::to_string(len) +
                                      " runs past the SA payload (" + std::to_string(end - at) +
                                      " octets left)");
        Proposal p;
        p.number = b.data[at + 4];
        p.protocol = static_cast<ProtocolId>(b.data[at + 5]);
        std::size_t spi_size = b.data[at + 6];
        unsigned count = b.data[at + 7];
        if (len < 8 + spi_size)
            return b.fail(at + 2, name + ": length " + std::to_string(len) +
                                      " is shorter than its 8-octet header and " +
                                      std::to_string(spi_size) + "-octet SPI");
        if (p.number == 0)
            return b.fail(at + 4, name + ": proposal number 0 (numbers start at 1)");
        if (!sa.proposals.empty() && p.number != sa.proposals.size() + 1)
            return b.fail(at + 4, name + ": proposal number " + std::to_string(p.number) +
                                      ", expected " + std::to_string(sa.proposals.size() + 1));
        p.spi = copy(b.data.subspan(at + 8, spi_size));
        auto transforms = parse_transforms(b, at + 8 + spi_size, at + len, count, name);
        if (!transforms)
            return transforms.error();
        p.transforms = std::move(transforms).value();
        sa.proposals.push_back(std::move(p));
        at += len;
        if (last == 0 && at != end)
            return b.fail(at, name + " is marked last but " + std::to_string(end - at) +
                                  " octets of the SA payload follow");
        if (last == 2 && at == end)
            return b.fail(at - len, name + " says more proposals follow but the SA payload ends");
    }
    if (sa.proposals.size() > 1 && sa.proposals[0].number != 1)
        return b.fail(4, "proposal 1 is numbered " + std::to_string(sa.proposals[0].number) +
                             ", the first of several proposals must be 1");
    return Payload{std::move(sa)};
}

Result<Payload> parse_ke(const Body& b) {
    if (auto e = b.need(4, "the group and reserved fields"))
        return *e;
    return Payload{KePayload{be16(b.data, 0), copy(b.data.subspan(4))}};
}

template <typename Id>
Result<Payload> parse_id(const Body& b) {
    if (auto e = b.need(4, "the ID type and reserved fields"))
        return *e;
    return Payload{Id{static_cast<IdType>(b.data[0]), copy(b.data.subspan(4))}};
}

template <typename Cert>
Result<Payload> parse_cert(const Body& b) {
    if (auto e = b.need(1, "the encoding octet"))
        return *e;
    return Payload{Cert{static_cast<CertEncoding>(b.data[0]), copy(b.data.subspan(1))}};
}

Result<Payload> parse_auth(const Body& b) {
    if (auto e = b.need(4, "the auth method and reserved fields"))
        return *e;
    return Payload{AuthPayload{static_cast<AuthMethod>(b.data[0]), copy(b.data.subspan(4))}};
}

Result<Payload> parse_nonce(const Body& b) {
    if (b.data.size() < 16 || b.data.size() > 256)
        return b.fail(0, "nonce of " + std::to_string(b.data.size()) +
                             " octets, RFC 7296 allows 16 to 256");
    return Payload{NoncePayload{copy(b.data)}};
}

Result<Payload> parse_notify(const Body& b) {
    if (auto e = b.need(4, "the protocol, SPI size and type fields"))
        return *e;
    NotifyPayload n;
    n.protocol = static_cast<ProtocolId>(b.data[0]);
    std::size_t spi_size = b.data[1];
    n.type = static_cast<NotifyType>(be16(b.data, 2));
    if (spi_size > b.data.size() - 4)
        return b.fail(1, "SPI size " + std::to_string(spi_size) + " but only " +
                             std::to_string(b.data.size() - 4) + " octets follow");
    n.spi = copy(b.data.subspan(4, spi_size));
    n.data = copy(b.data.subspan(4 + spi_size));
    return Payload{std::move(n)};
}

Result<Payload> parse_delete(const Body& b) {
    if (auto e = b.need(4, "the protocol, SPI size and SPI count fields"))
        return *e;
    DeletePayload d;
    d.protocol = static_cast<ProtocolId>(b.data[0]);
    d.spi_size = b.data[1];
    std::size_t count = be16(b.data, 2);
    std::size_t rest = b.data.size() - 4;
    if (count * d.spi_size != rest)
        return b.fail(2, std::to_string(count) + " SPIs of " + std::to_string(d.spi_size) +
                             " octets announced but " + std::to_string(rest) + " octets follow");
    if (d.spi_size == 0 && count != 0)
        return b.fail(2, std::to_string(count) + " SPIs announced with SPI size 0");
    for (std::size_t i = 0; i < count; ++i)
        d.spis.push_back(copy(b.data.subspan(4 + i * d.spi_size, d.spi_size)));
    return Payload{std::move(d)};
}

template <typename Ts>
Result<Payload> parse_ts(const Body& b) {
    if (auto e = b.need(4, "the selector count and reserved fields"))
        return *e;
    Ts ts;
    std::size_t count = b.data[0];
    std::size_t at = 4;
    const std::size_t end = b.data.size();
    while (at < end) {
        std::string name = "traffic selector " + std::to_string(ts.selectors.size() + 1);
        if (end - at < 4)
            return b.fail(at, name + ": " + std::to_string(end - at) +
                                  " octets left, a selector header needs 4");
        TrafficSelector s;
        std::uint8_t type = b.data[at];
        std::size_t len = be16(b.data, at + 2);
        std::size_t addr;
        if (type == static_cast<std::uint8_t>(TsType::ipv4_addr_range))
            addr = 4;
        else if (type == static_cast<std::uint8_t>(TsType::ipv6_addr_range))
            addr = 16;
        else
            return b.fail(at, name + ": selector type " + std::to_string(type) +
                                  " is not supported (7: IPv4 range, 8: IPv6 range)");
        if (len != 8 + 2 * addr)
            return b.fail(at + 2, name + ": length " + std::to_string(len) + ", a " +
                                      ts_type_name(static_cast<TsType>(type)) + " has " +
                                      std::to_string(8 + 2 * addr));
        if (len > end - at)
            return b.fail(at + 2, name + ": length " + std::to_string(len) +
                                      " runs past the payload (" + std::to_string(end - at) +
                                      " octets left)");
        s.type = static_cast<TsType>(type);
        s.ip_protocol = b.data[at + 1];
        s.start_port = be16(b.data, at + 4);
        s.end_port = be16(b.data, at + 6);
        s.start_address = copy(b.data.subspan(at + 8, addr));
        s.end_address = copy(b.data.subspan(at + 8 + addr, addr));
        ts.selectors.push_back(std::move(s));
        at += len;
    }
    if (ts.selectors.size() != count)
        return b.fail(0, "announces " + std::to_string(count) + " traffic selectors but holds " +
                             std::to_string(ts.selectors.size()));
    return Payload{std::move(ts)};
}

Result<Payload> parse_cp(const Body& b) {
    if (auto e = b.need(4, "the CFG type and reserved fields"))
        return *e;
    ConfigPayload cp;
    cp.cfg_type = static_cast<CfgType>(b.data[0]);
    std::size_t at = 4;
    const std::size_t end = b.data.size();
    while (at < end) {
        std::string name = "configuration attribute " + std::to_string(cp.attributes.size() + 1);
        if (end - at < 4)
            return b.fail(at, name + ": " + std::to_string(end - at) +
                                  " octets left, an attribute header needs 4");
        std::size_t len = be16(b.data, at + 2);
        if (len > end - at - 4)
            return b.fail(at + 2, name + ": length " + std::to_string(len) +
                                      " runs past the payload (" + std::to_string(end - at - 4) +
                                      " octets left)");
        cp.attributes.push_back(
            ConfigAttribute{static_cast<std::uint16_t>(be16(b.data, at) & 0x7fff),
                            copy(b.data.subspan(at + 4, len))});
        at += 4 + len;
    }
    return Payload{std::move(cp)};
}

Result<Payload> parse_eap(const Body& b) {
    if (auto e = b.need(4, "the EAP header"))
        return *e;
    std::size_t len = be16(b.data, 2);
    if (len != b.data.size())
        return b.fail(2, "EAP length " + std::to_string(len) + " but the payload holds " +
                             std::to_string(b.data.size()) + " octets");
    return Payload{EapPayload{copy(b.data)}};
}

Result<Payload> parse_skf(const Body& b, PayloadType first_inner) {
    if (auto e = b.need(4, "the fragment number and total"))
        return *e;
    EncryptedFragmentPayload f;
    f.first_inner = first_inner;
    f.number = be16(b.data, 0);
    f.total = be16(b.data, 2);
    if (f.number == 0 || f.total == 0 || f.number > f.total)
        return b.fail(0, "fragment " + std::to_string(f.number) + " of " + std::to_string(f.total) +
                             " (numbers run from 1 to the total)");
    if (f.number != 1 && first_inner != PayloadType::none)
        return b.fail(0, "fragment " + std::to_string(f.number) + " names a first inner payload (" +
                             payload_type_name(first_inner) + "); only fragment 1 may");
    f.body = copy(b.data.subspan(4));
    return Payload{std::move(f)};
}

Result<Payload> parse_body(PayloadType type, PayloadType next, const Body& b) {
    switch (type) {
    case PayloadType::sa:
        return parse_sa(b);
    case PayloadType::ke:
        return parse_ke(b);
    case PayloadType::idi:
        return parse_id<IdiPayload>(b);
    case PayloadType::idr:
        return parse_id<IdrPayload>(b);
    case PayloadType::cert:
        return parse_cert<CertPayload>(b);
    case PayloadType::certreq:
        return parse_cert<CertreqPayload>(b);
    case PayloadType::auth:
        return parse_auth(b);
    case PayloadType::nonce:
        return parse_nonce(b);
    case PayloadType::notify:
        return parse_notify(b);
    case PayloadType::del:
        return parse_delete(b);
    case PayloadType::vendor_id:
        return Payload{VendorIdPayload{copy(b.data)}};
    case PayloadType::tsi:
        return parse_ts<TsiPayload>(b);
    case PayloadType::tsr:
        return parse_ts<TsrPayload>(b);
    case PayloadType::sk:
        return Payload{EncryptedPayload{next, copy(b.data)}};
    case PayloadType::cp:
        return parse_cp(b);
    case PayloadType::eap:
        return parse_eap(b);
    case PayloadType::skf:
        return parse_skf(b, next);
    default:
        break;
    }
    return b.fail(0, "not a payload type this codec parses");
}

Result<std::vector<Payload>> parse_chain(std::uint8_t first, Span data, std::size_t base) {
    std::vector<Payload> payloads;
    std::uint8_t type = first;
    std::size_t at = 0;
    while (type != 0) {
        std::size_t offset = base + at;
        std::string where = "payload " + std::to_string(payloads.size() + 1) + " (" +
                            payload_type_name(static_cast<PayloadType>(type)) + ")";
        if (data.size() - at < 4)
            return syntax(where, offset,
                          std::to_string(data.size() - at) +
                              " octets left, the generic payload header needs 4");
        std::uint8_t next = data[at];
        bool critical = (data[at + 1] & 0x80) != 0;
        std::size_t len = be16(data, at + 2);
        if (len < 4)
            return syntax(where, offset + 2,
                          "payload length " + std::to_string(len) +
                              " is shorter than the 4-octet generic payload header");
        if (len > data.size() - at)
            return syntax(where, offset + 2,
                          "payload length " + std::to_string(len) + " runs past the end (" +
                              std::to_string(data.size() - at) + " octets left)");
        Span body = data.subspan(at + 4, len - 4);
        if (!is_known_payload_type(type)) {
            if (critical)
                return Error::ike(static_cast<int>(NotifyType::unsupported_critical_payload),
                                  where + " at offset " + std::to_string(offset) +
                                      ": unknown payload type " + std::to_string(type) +
                                      " has the critical bit set",
                                  std::to_string(type));
            payloads.push_back(UnknownPayload{type, false, copy(body)});
        } else {
            auto ptype = static_cast<PayloadType>(type);
            Body b{body, offset + 4, where + " body"};
            auto payload = parse_body(ptype, static_cast<PayloadType>(next), b);
            if (!payload)
                return payload.error();
            payloads.push_back(std::move(payload).value());
            if (ptype == PayloadType::sk || ptype == PayloadType::skf) {
                if (at + len != data.size())
                    return syntax(where, offset,
                                  "an encrypted payload must be the last one, but " +
                                      std::to_string(data.size() - at - len) + " octets follow it");
                next = 0;
            }
        }
        at += len;
        type = next;
    }
    if (at != data.size())
        return syntax("after the last payload", base + at,
                      std::to_string(data.size() - at) + " octets that no payload claims");
    return payloads;
}

} // namespace

Result<Message> parse(std::span<const std::uint8_t> datagram) {
    if (datagram.size() < Header::size)
        return syntax("IKE header", 0,
                      "the datagram has " + std::to_string(datagram.size()) +
                          " octets, the header needs 28");
    Message m;
    Header& h = m.header;
    h.spi_i = be64(datagram, 0);
    h.spi_r = be64(datagram, 8);
    h.next_payload = static_cast<PayloadType>(datagram[16]);
    h.major_version = datagram[17] >> 4;
    h.minor_version = datagram[17] & 0x0f;
    h.exchange = static_cast<ExchangeType>(datagram[18]);
    std::uint8_t flags = datagram[19];
    h.initiator = (flags & Header::flag_initiator) != 0;
    h.version = (flags & Header::flag_version) != 0;
    h.response = (flags & Header::flag_response) != 0;
    h.reserved_flags =
        flags & static_cast<std::uint8_t>(
                    ~(Header::flag_initiator | Header::flag_version | Header::flag_response));
    h.message_id = be32(datagram, 20);
    h.length = be32(datagram, 24);
    if (h.major_version != 2)
        return Error::ike(static_cast<int>(NotifyType::invalid_major_version),
                          "IKE header at offset 17: major version " +
                              std::to_string(h.major_version) + ", this is IKEv2 (2)");
    if (h.length != datagram.size())
        return syntax("IKE header", 24,
                      "length field says " + std::to_string(h.length) +
                          " octets but the datagram has " + std::to_string(datagram.size()));
    auto payloads = parse_chain(datagram[16], datagram.subspan(Header::size), Header::size);
    if (!payloads)
        return payloads.error();
    m.payloads = std::move(payloads).value();
    return m;
}

Result<std::vector<Payload>> parse_payloads(PayloadType first,
                                            std::span<const std::uint8_t> plaintext) {
    return parse_chain(static_cast<std::uint8_t>(first), plaintext, 0);
}

} // namespace ipsec::ike::wire
