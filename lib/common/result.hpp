// SPDX-License-Identifier: GPL-2.0-or-later
// Result<T> and Error: the error type shared by every library of the suite.
//
// g++ 12 has no std::expected, so this is a small one of our own. An Error says
// what failed in words that name the input, carries the OS errno (or the IKE
// notify type, or nothing) and an optional detail such as the kernel's extended
// ACK message or a hint on what to do.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace ipsec {

// Where Error::code comes from.
enum class ErrorDomain : std::uint8_t {
    none, // no numeric code: a usage or semantic error
    os,   // code is an errno value (a failed system call or a netlink NACK)
    ike,  // code is an IKEv2 notify message type (RFC 7296 section 3.10.1)
};

struct Error {
    ErrorDomain domain = ErrorDomain::none;
    int code = 0;
    std::string message;
    std::optional<std::string> detail;

    static Error plain(std::string message, std::optional<std::string> detail = std::nullopt);
    static Error os(int errnum, std::string message,
                    std::optional<std::string> detail = std::nullopt);
    static Error ike(int notify_type, std::string message,
                     std::optional<std::string> detail = std::nullopt);

    // Returns a copy whose message is "context: message".
    Error with_context(const std::string& context) const;

    // "message: strerror(code) (detail)" for os errors; "message (detail)" otherwise.
    std::string to_string() const;
};

// Thrown by Result::value() on an error; the library itself never throws it
// on its own paths, callers that prefer exceptions may.
class BadResultAccess : public std::logic_error {
public:
    explicit BadResultAccess(const Error& error);
    const Error& error() const noexcept { return m_error; }

private:
    Error m_error;
};

template <typename T>
class [[nodiscard]] Result {
    static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "Result<Error> is ambiguous");

public:
    Result(const T& value) : m_state(std::in_place_index<0>, value) {}
    Result(T&& value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(const Error& error) : m_state(std::in_place_index<1>, error) {}
    Result(Error&& error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const noexcept { return m_state.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & {
        check();
        return std::get<0>(m_state);
    }
    const T& value() const& {
        check();
        return std::get<0>(m_state);
    }
    T&& value() && {
        check();
        return std::get<0>(std::move(m_state));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    template <typename U>
    T value_or(U&& fallback) const& {
        return ok() ? std::get<0>(m_state) : static_cast<T>(std::forward<U>(fallback));
    }

    // Precondition: !ok().
    const Error& error() const {
        if (ok())
            throw std::logic_error("Result::error() called on a value");
        return std::get<1>(m_state);
    }

private:
    void check() const {
        if (!ok())
            throw BadResultAccess(std::get<1>(m_state));
    }
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(const Error& error) : m_error(error) {}
    Result(Error&& error) : m_error(std::move(error)) {}

    bool ok() const noexcept { return !m_error.has_value(); }
    explicit operator bool() const noexcept { return ok(); }
    void value() const {
        if (m_error)
            throw BadResultAccess(*m_error);
    }
    const Error& error() const {
        if (!m_error)
            throw std::logic_error("Result::error() called on a success");
        return *m_error;
    }

private:
    std::optional<Error> m_error;
};

inline Result<void> success() {
    return {};
}

} // namespace ipsec
