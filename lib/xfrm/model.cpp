#include "xfrm/model.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <sys/socket.h>

namespace ipxf {

bool Address::is_zero() const {
    for (auto b : bytes)
        if (b != 0)
            return false;
    return true;
}

std::string Address::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == AF_INET6)
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof(buf));
    else
        inet_ntop(AF_INET, bytes.data(), buf, sizeof(buf));
    return buf;
}

std::optional<Address> Address::parse(const std::string& text) {
    Address a;
    if (text.find(':') != std::string::npos) {
        if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) != 1)
            return std::nullopt;
        a.family = AF_INET6;
        return a;
    }
    if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) != 1)
        return std::nullopt;
    a.family = AF_INET;
    return a;
}

bool Selector::is_zero() const {
    return *this == Selector{};
}

} // namespace ipxf
