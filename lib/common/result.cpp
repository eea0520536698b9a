// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/result.hpp"

#include <cstring>

namespace ipsec {

Error Error::plain(std::string message, std::optional<std::string> detail) {
    return Error{ErrorDomain::none, 0, std::move(message), std::move(detail)};
}

Error Error::os(int errnum, std::string message, std::optional<std::string> detail) {
    return Error{ErrorDomain::os, errnum, std::move(message), std::move(detail)};
}

Error Error::ike(int notify_type, std::string message, std::optional<std::string> detail) {
    return Error{ErrorDomain::ike, notify_type, std::move(message), std::move(detail)};
}

Error Error::with_context(const std::string& context) const {
    Error copy = *this;
    copy.message = context + ": " + message;
    return copy;
}

std::string Error::to_string() const {
    std::string text = message;
    if (domain == ErrorDomain::os && code != 0) {
        text += ": ";
        text += std::strerror(code);
    } else if (domain == ErrorDomain::ike) {
        text += " (notify " + std::to_string(code) + ")";
    }
    if (detail && !detail->empty())
        text += " (" + *detail + ")";
    return text;
}

BadResultAccess::BadResultAccess(const Error& error)
    : std::logic_error(error.to_string()), m_error(error) {}

} // namespace ipsec
