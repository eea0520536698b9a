// SPDX-License-Identifier: GPL-2.0-or-later
// Internal helpers of the message codec: an exception that carries the alert
// for semantic errors, the guard that turns codec exceptions into Results,
// and the extension walk that rejects duplicates.
#pragma once

#include "tls13/protocol.hpp"
#include "tls13/wire.hpp"

#include <algorithm>
#include <functional>

namespace tls13::detail {

class ProtocolError : public std::runtime_error {
public:
    ProtocolError(Alert alert, const std::string& what)
        : std::runtime_error(what), m_alert(alert) {}
    Alert alert() const { return m_alert; }

private:
    Alert m_alert;
};

template <typename T, typename F>
ipsec::Result<T> guard(F&& parse) {
    try {
        return parse();
    } catch (const ProtocolError& e) {
        return tls_error(e.alert(), e.what());
    } catch (const DecodeError& e) {
        return tls_error(Alert::decode_error, e.what());
    }
}

// Calls visit(type, data) for each extension of the 2-byte-length list in r;
// a repeated type is illegal_parameter (RFC 8446 section 4.2). Returns the types.
inline std::vector<uint16_t> walk_extensions(Reader& r,
                                             const std::function<void(uint16_t, Reader&)>& visit) {
    std::vector<uint16_t> types;
    Reader list = r.vec(2, "extensions", 0, 0xffff);
    while (!list.empty()) {
        const uint16_t type = list.u16();
        Reader data = list.vec(2, "extension " + std::to_string(type), 0, 0xffff);
        if (std::find(types.begin(), types.end(), type) != types.end())
            throw ProtocolError(Alert::illegal_parameter,
                                "extension " + std::to_string(type) + " appears twice");
        types.push_back(type);
        visit(type, data);
    }
    return types;
}

inline std::vector<uint16_t> read_u16_list(Reader& r, int width, const std::string& what,
                                           size_t min) {
    Reader list = r.vec(width, what, min, width == 1 ? 0xff : 0xffff);
    if (list.remaining() % 2)
        list.fail(what + " has an odd length");
    std::vector<uint16_t> out;
    while (!list.empty())
        out.push_back(list.u16());
    return out;
}

inline void write_u16_list(Writer& w, int width, const std::vector<uint16_t>& values) {
    size_t mark = w.open_vec(width);
    for (uint16_t v : values)
        w.u16(v);
    w.close_vec(mark, width);
}

inline void write_extension(Writer& w, ExtensionType type,
                            const std::function<void(Writer&)>& body) {
    w.u16(static_cast<uint16_t>(type));
    size_t mark = w.open_vec(2);
    body(w);
    w.close_vec(mark, 2);
}

inline ByteView as_bytes(const std::string& s) {
    return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

} // namespace tls13::detail
