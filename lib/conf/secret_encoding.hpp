// SPDX-License-Identifier: GPL-2.0-or-later
// The encodings of secrets in ipsec.secrets: "quoted text", 0x<hex>, 0s<base64>, or a
// bare word taken literally; and the buffers that hold secrets (wiped when freed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipsec::conf {

// An allocator that overwrites memory with zeros (explicit_bzero, which the
// compiler may not remove) before giving it back: a vector of secret bytes
// leaves no copy behind when it grows, shrinks or is destroyed.
template <typename T>
struct WipingAllocator {
    using value_type = T;
    WipingAllocator() = default;
    template <typename U>
    WipingAllocator(const WipingAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept;
    template <typename U>
    bool operator==(const WipingAllocator<U>&) const noexcept {
        return true;
    }
};

void wipe_memory(void* p, std::size_t size) noexcept;

template <typename T>
void WipingAllocator<T>::deallocate(T* p, std::size_t n) noexcept {
    wipe_memory(p, n * sizeof(T));
    ::operator delete(p);
}

// PSKs, passphrases, PINs.
using SecretBytes = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

// Overwrites a string's characters with zeros (the text of a secrets file
// once parsed); its length is kept.
void wipe_string(std::string& s) noexcept;

struct DecodeFailure {
    std::size_t offset = 0; // into the text given, where the problem is
    std::string message;
};

// Decodes hex digits (after the 0x) or base64 (after the 0s); nullopt on success
// with `out` filled, else where and why it failed.
// The message never quotes the text: it is a secret. The offset says where.
std::optional<DecodeFailure> decode_hex(std::string_view digits, SecretBytes& out);
std::optional<DecodeFailure> decode_base64(std::string_view text, SecretBytes& out);

} // namespace ipsec::conf
