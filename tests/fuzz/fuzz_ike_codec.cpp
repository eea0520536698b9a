// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for the IKEv2 codec (lib/ike/wire). For any input:
//   - parse() returns a Message or an Error, never crashes, hangs or reads out of
//     bounds (run it with ASan/UBSan, see meson.build);
//   - what parses, serialized, parses again to the same Message, and serializing
//     that gives the same bytes (serialize is a fixed point after one round);
//   - the same holds for parse_payloads() on the input as a decrypted inner chain
//     (its first octet is taken as the first payload type).
#include "ike/wire/codec.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

using namespace ipsec::ike::wire;

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_ike_codec: %s\n", what);
    std::abort();
}

void check_message(std::span<const std::uint8_t> data) {
    auto first = parse(data);
    if (!first)
        return;
    std::vector<std::uint8_t> bytes = serialize(*first);
    auto second = parse(bytes);
    if (!second)
        fail(("a serialized message does not parse: " + second.error().message).c_str());
    if (!(*second == *first))
        fail("parse(serialize(m)) != m");
    if (serialize(*second) != bytes)
        fail("serialize(parse(serialize(m))) != serialize(m)");
}

void check_chain(std::span<const std::uint8_t> data) {
    if (data.empty())
        return;
    auto first = parse_payloads(static_cast<PayloadType>(data[0]), data.subspan(1));
    if (!first)
        return;
    std::vector<std::uint8_t> bytes = serialize_payloads(*first);
    PayloadType type = first->empty()
                           ? PayloadType::none
                           : static_cast<PayloadType>(payload_type_number(first->front()));
    auto second = parse_payloads(type, bytes);
    if (!second)
        fail(("serialized payloads do not parse: " + second.error().message).c_str());
    if (!(*second == *first))
        fail("parse_payloads(serialize_payloads(p)) != p");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> input(data, size);
    check_message(input);
    check_chain(input);
    return 0;
}
