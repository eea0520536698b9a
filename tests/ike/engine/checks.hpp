// SPDX-License-Identifier: GPL-2.0-or-later
// Checks on the fake kernels: the SAs of one side against the other's.
#pragma once

#include "harness.hpp"

#include <catch2/catch.hpp>

namespace ike_engine_test {

inline const ipxf::State* find_state(const Node& node, std::uint32_t spi) {
    static thread_local std::vector<ipxf::State> states;
    states = node.kernel.states();
    for (const auto& s : states)
        if (s.spi == spi)
            return &s;
    return nullptr;
}

inline std::vector<ipxf::State> states_from(const Node& node, const ipxf::Address& src) {
    std::vector<ipxf::State> out;
    for (const auto& s : node.kernel.states())
        if (s.saddr == src)
            out.push_back(s);
    return out;
}

inline std::size_t policies_in_dir(const Node& node, ipxf::Direction dir) {
    std::size_t n = 0;
    for (const auto& p : node.kernel.policies())
        if (p.dir == static_cast<std::uint8_t>(dir))
            ++n;
    return n;
}

// Every SA `from` sends with is an SA `to` receives with: same SPI, addresses,
// algorithms and keys; and the other way round.
inline void check_matching_sas(const Node& a, const Node& b) {
    auto sa_a = a.kernel.states();
    auto sa_b = b.kernel.states();
    REQUIRE(sa_a.size() == sa_b.size());
    for (const auto& out : sa_a) {
        const ipxf::State* in = nullptr;
        for (const auto& s : sa_b)
            if (s.spi == out.spi && s.daddr == out.daddr)
                in = &s;
        INFO("SPI " << std::hex << out.spi);
        REQUIRE(in != nullptr);
        CHECK(in->saddr == out.saddr);
        CHECK(in->enc == out.enc);
        CHECK(in->auth == out.auth);
        CHECK(in->aead == out.aead);
        CHECK(in->mode == out.mode);
        CHECK(in->reqid != 0);
        // the keys are real: present and not all equal between directions
        if (out.enc)
            CHECK(out.enc->key.size() * 8 == out.enc->key_bits);
    }
}

} // namespace ike_engine_test
