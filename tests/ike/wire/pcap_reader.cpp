// SPDX-License-Identifier: GPL-2.0-or-later
#include "pcap_reader.hpp"

#include <fstream>
#include <iterator>

namespace ipsec::ike::test {

namespace {

struct Cursor {
    const std::vector<std::uint8_t>& data;
    bool swap;
    std::uint32_t u32(std::size_t at) const {
        std::uint32_t v = std::uint32_t{data[at]} | std::uint32_t{data[at + 1]} << 8 |
                          std::uint32_t{data[at + 2]} << 16 | std::uint32_t{data[at + 3]} << 24;
        if (swap)
            v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
        return v;
    }
};

std::uint16_t be16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

} // namespace

Result<std::vector<IkeDatagram>> read_ike_datagrams(const std::string& pcap_path) {
    std::ifstream in(pcap_path, std::ios::binary);
    if (!in)
        return Error::plain("cannot open " + pcap_path);
    std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
    if (data.size() < 24)
        return Error::plain(pcap_path + ": too short for a pcap header");
    std::uint32_t magic = Cursor{data, false}.u32(0);
    bool swap;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
        swap = false;
    else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
        swap = true;
    else
        return Error::plain(pcap_path + ": not a pcap file (magic " + std::to_string(magic) + ")");
    Cursor c{data, swap};
    std::uint32_t linktype = c.u32(20);
    std::size_t link_header;
    if (linktype == 1)
        link_header = 14; // Ethernet
    else if (linktype == 113)
        link_header = 16; // Linux cooked
    else
        return Error::plain(pcap_path + ": link type " + std::to_string(linktype) +
                            " (only Ethernet and Linux cooked are read)");
    std::vector<IkeDatagram> out;
    std::size_t at = 24;
    std::size_t frame = 0;
    while (at < data.size()) {
        ++frame;
        if (data.size() - at < 16)
            return Error::plain(pcap_path + ": truncated record header in frame " +
                                std::to_string(frame));
        std::size_t caplen = c.u32(at + 8);
        std::size_t origlen = c.u32(at + 12);
        at += 16;
        if (caplen > data.size() - at)
            return Error::plain(pcap_path + ": frame " + std::to_string(frame) + " is truncated");
        if (caplen != origlen)
            return Error::plain(pcap_path + ": frame " + std::to_string(frame) +
                                " was cut by the snap length");
        const std::uint8_t* p = data.data() + at;
        std::size_t n = caplen;
        at += caplen;
        if (n < link_header)
            continue;
        std::uint16_t ethertype = be16(p + link_header - 2);
        p += link_header;
        n -= link_header;
        std::size_t ip_header;
        std::uint8_t proto;
        if (ethertype == 0x0800 && n >= 20) {
            ip_header = static_cast<std::size_t>(p[0] & 0x0f) * 4;
            proto = p[9];
            if ((be16(p + 6) & 0x3fff) != 0)
                return Error::plain(pcap_path + ": frame " + std::to_string(frame) +
                                    " is an IP fragment (not reassembled here)");
            n = std::min<std::size_t>(n, be16(p + 2));
        } else if (ethertype == 0x86dd && n >= 40) {
            ip_header = 40;
            proto = p[6];
            n = std::min<std::size_t>(n, 40 + be16(p + 4));
        } else {
            continue;
        }
        if (proto != 17 || n < ip_header + 8)
            continue;
        p += ip_header;
        n -= ip_header;
        IkeDatagram d;
        d.frame = frame;
        d.src_port = be16(p);
        d.dst_port = be16(p + 2);
        p += 8;
        n -= 8;
        bool natt = d.src_port == 4500 || d.dst_port == 4500;
        bool ike = d.src_port == 500 || d.dst_port == 500;
        if (natt) {
            if (n < 4 || p[0] != 0 || p[1] != 0 || p[2] != 0 || p[3] != 0)
                continue; // ESP in UDP, or a NAT-T keepalive
            p += 4;
            n -= 4;
        } else if (!ike) {
            continue;
        }
        d.payload.assign(p, p + n);
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace ipsec::ike::test
