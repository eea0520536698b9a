// SPDX-License-Identifier: GPL-2.0-or-later
#include "charon_capture.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ipsec::ike::crypto::test {

namespace {

std::uint16_t be16(ByteView b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

std::uint32_t be32(ByteView b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

std::uint32_t le32(ByteView b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at + 3]) << 24 |
           static_cast<std::uint32_t>(b[at + 2]) << 16 |
           static_cast<std::uint32_t>(b[at + 1]) << 8 | b[at];
}

void need(bool ok, const std::string& what) {
    if (!ok)
        throw std::runtime_error(what);
}

Bytes slice(ByteView b, std::size_t at, std::size_t length) {
    need(at + length <= b.size(), "truncated data at offset " + std::to_string(at));
    return Bytes(b.begin() + static_cast<std::ptrdiff_t>(at),
                 b.begin() + static_cast<std::ptrdiff_t>(at + length));
}

} // namespace

std::string data_path(std::string_view name) {
    return std::string(IKE_DATA_DIR) + "/" + std::string(name);
}

std::vector<Datagram> read_pcap(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    need(in.good(), "cannot open " + path);
    Bytes file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    need(file.size() >= 24 && le32(file, 0) == 0xa1b2c3d4, path + ": not a little-endian pcap");
    need(le32(file, 20) == 1, path + ": link type is not Ethernet");
    std::vector<Datagram> out;
    std::size_t off = 24;
    while (off < file.size()) {
        std::size_t caplen = le32(file, off + 8);
        Bytes frame = slice(file, off + 16, caplen);
        off += 16 + caplen;
        need(be16(frame, 12) == 0x0800, path + ": not IPv4");
        ByteView ip = ByteView(frame).subspan(14);
        std::size_t ihl = (ip[0] & 0x0f) * 4u;
        need(ip[9] == 17, path + ": not UDP");
        Datagram d;
        d.src = std::to_string(ip[12]) + "." + std::to_string(ip[13]) + "." +
                std::to_string(ip[14]) + "." + std::to_string(ip[15]);
        ByteView udp = ip.subspan(ihl);
        d.src_port = be16(udp, 0);
        d.dst_port = be16(udp, 2);
        std::size_t udp_length = be16(udp, 4);
        ByteView payload = udp.subspan(8, udp_length - 8);
        if (d.src_port == 4500 || d.dst_port == 4500) {
            need(be32(payload, 0) == 0, path + ": no non-ESP marker on port 4500");
            payload = payload.subspan(4);
        }
        d.message.assign(payload.begin(), payload.end());
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<LogValue> read_charon_log(const std::string& path) {
    std::ifstream in(path);
    need(in.good(), "cannot open " + path);
    std::vector<LogValue> out;
    std::size_t expected = 0; // bytes still to come for out.back()
    std::string line;
    while (std::getline(in, line)) {
        // "HH:MM:SS.mmm NN[IKE] <conn|1> text"
        std::size_t bracket = line.find("] ");
        if (bracket == std::string::npos)
            continue;
        std::string text = line.substr(bracket + 2);
        if (!text.empty() && text[0] == '<') {
            std::size_t close = text.find("> ");
            if (close == std::string::npos)
                continue;
            text = text.substr(close + 2);
        }
        std::size_t arrow = text.find(" => ");
        std::size_t bytes_at = text.find(" bytes @ 0x");
        if (arrow != std::string::npos && bytes_at != std::string::npos && bytes_at > arrow) {
            if (!out.empty() && expected != 0)
                out.back().complete = false;
            LogValue v;
            v.label = text.substr(0, arrow);
            expected = std::stoul(text.substr(arrow + 4, bytes_at - arrow - 4));
            out.push_back(std::move(v));
            continue;
        }
        if (out.empty() || expected == 0)
            continue;
        // "   16: 4A D6 7D 64    ...ascii": offset, then up to 16 hex bytes.
        std::istringstream dump(text);
        std::string offset;
        dump >> offset;
        if (offset.empty() || offset.back() != ':')
            continue;
        if (std::stoul(offset) != out.back().value.size()) {
            out.back().complete = false; // charon left lines out
            expected = 0;
            continue;
        }
        std::size_t on_line = std::min<std::size_t>(16, expected);
        for (std::size_t i = 0; i < on_line; ++i) {
            std::string hex_byte;
            dump >> hex_byte;
            out.back().value.push_back(
                static_cast<std::uint8_t>(std::stoul(hex_byte, nullptr, 16)));
        }
        expected -= on_line;
    }
    if (!out.empty() && expected != 0)
        out.back().complete = false;
    return out;
}

Bytes log_value(const std::vector<LogValue>& log, std::string_view label, int nth) {
    for (const LogValue& v : log)
        if (v.label == label && v.complete && nth-- == 0)
            return v.value;
    FAIL("no value '" << std::string(label) << "' in the log");
    return {};
}

const Payload& IkeMessage::find(std::uint8_t type) const {
    for (const Payload& p : payloads)
        if (p.type == type)
            return p;
    throw std::runtime_error("no payload of type " + std::to_string(type));
}

std::vector<Payload> parse_payloads(std::uint8_t first, ByteView data) {
    std::vector<Payload> out;
    std::uint8_t type = first;
    std::size_t off = 0;
    while (type != 0) {
        need(off + 4 <= data.size(), "payload header past the end");
        std::size_t length = be16(data, off + 2);
        need(length >= 4 && off + length <= data.size(), "bad payload length");
        Payload p;
        p.type = type;
        p.next = data[off];
        p.offset = off;
        p.body = slice(data, off + 4, length - 4);
        out.push_back(p);
        // SK and SKF are last; their Next Payload names the first inner one.
        if (type == 46 || type == 53)
            break;
        type = p.next;
        off += length;
    }
    return out;
}

IkeMessage parse_message(const Bytes& raw) {
    need(raw.size() >= 28, "IKE message shorter than its header");
    need(be32(raw, 24) == raw.size(), "IKE header length does not match the datagram");
    IkeMessage m;
    m.raw = raw;
    m.spi_i = slice(raw, 0, 8);
    m.spi_r = slice(raw, 8, 8);
    m.exchange = raw[18];
    m.flags = raw[19];
    m.id = be32(raw, 20);
    m.payloads = parse_payloads(raw[16], ByteView(raw).subspan(28));
    for (Payload& p : m.payloads)
        p.offset += 28;
    return m;
}

Bytes open_encrypted(const IkeMessage& message, const Encryption& cipher, std::uint8_t& first) {
    const Payload& last = message.payloads.back();
    need(last.type == 46 || last.type == 53, "message has no SK or SKF payload");
    std::size_t header = last.type == 53 ? 8 : 4; // SKF: Fragment Number, Total Fragments
    ByteView raw(message.raw);
    ByteView associated = raw.first(last.offset + header);
    ByteView body = raw.subspan(last.offset + header, last.body.size() + 4 - header);
    first = last.next;
    auto plain = cipher.decrypt(associated, body);
    need(plain.ok(), plain.ok() ? "" : plain.error().message);
    return *plain;
}

std::vector<Proposal> parse_sa(ByteView body) {
    std::vector<Proposal> out;
    std::size_t off = 0;
    while (off < body.size()) {
        std::size_t length = be16(body, off + 2);
        Proposal p;
        p.number = body[off + 4];
        p.protocol = static_cast<Protocol>(body[off + 5]);
        std::size_t spi_size = body[off + 6];
        std::size_t count = body[off + 7];
        p.spi = slice(body, off + 8, spi_size);
        std::size_t t = off + 8 + spi_size;
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t t_length = be16(body, t + 2);
            Transform tr;
            tr.type = static_cast<TransformType>(body[t + 4]);
            tr.id = be16(body, t + 6);
            for (std::size_t a = t + 8; a < t + t_length; a += 4)
                if (be16(body, a) == 0x800e) // TV Key Length
                    tr.key_length = be16(body, a + 2);
            p.transforms.push_back(tr);
            t += t_length;
        }
        out.push_back(std::move(p));
        off += length;
    }
    return out;
}

} // namespace ipsec::ike::crypto::test
