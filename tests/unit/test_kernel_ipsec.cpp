// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/fake_kernel_ipsec.hpp"

#include <catch2/catch.hpp>
#include <cerrno>
#include <sys/socket.h>

using namespace ipxf;

namespace {
Address v4(const char* s) {
    return *Address::parse(s);
}

State esp_sa(std::uint32_t spi) {
    State s;
    s.saddr = v4("192.168.27.128");
    s.daddr = v4("192.168.27.132");
    s.family = AF_INET;
    s.proto = ipproto::esp;
    s.spi = spi;
    s.enc = Algorithm{"cbc(aes)", std::vector<std::uint8_t>(16, 0xaa), 128, std::nullopt};
    return s;
}

StateId id_of(const State& s) {
    StateId id;
    id.daddr = s.daddr;
    id.spi = s.spi;
    id.proto = s.proto;
    id.family = s.family;
    return id;
}

Policy out_policy() {
    Policy p;
    p.sel.saddr = v4("192.168.27.128");
    p.sel.daddr = v4("192.168.27.132");
    p.sel.family = AF_INET;
    p.sel.prefixlen_s = p.sel.prefixlen_d = 32;
    p.dir = static_cast<std::uint8_t>(Direction::out);
    Template t;
    t.proto = ipproto::esp;
    p.tmpls.push_back(t);
    return p;
}
} // namespace

TEST_CASE("fake kernel: SAs follow the kernel's add/update/delete rules", "[kernel_ipsec]") {
    FakeKernelIpsec k;
    KernelIpsec& kernel = k;
    REQUIRE(kernel.add_sa(esp_sa(0x1000)).ok());
    auto dup = kernel.add_sa(esp_sa(0x1000));
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().code == EEXIST);
    CHECK(kernel.add_sa(esp_sa(0)).error().code == EINVAL);

    State upd = esp_sa(0x1000);
    upd.lft.hard_add_expires_seconds = 3600;
    upd.enc->key.assign(16, 0xbb); // the kernel keeps the old key on update
    REQUIRE(kernel.update_sa(upd).ok());
    auto got = kernel.query_sa(id_of(upd));
    REQUIRE(got.ok());
    CHECK(got->lft.hard_add_expires_seconds == 3600);
    CHECK(got->enc->key == std::vector<std::uint8_t>(16, 0xaa));
    CHECK(kernel.update_sa(esp_sa(0x2000)).error().code == ESRCH);

    CHECK(k.account(id_of(upd), 840, 10));
    CHECK(kernel.query_sa(id_of(upd))->curlft.packets == 10);

    REQUIRE(kernel.del_sa(id_of(upd)).ok());
    CHECK(kernel.del_sa(id_of(upd)).error().code == ESRCH);
    CHECK(k.states().empty());
    CHECK(k.calls().front() == "add_sa");
}

TEST_CASE("fake kernel: policies and SPI allocation", "[kernel_ipsec]") {
    FakeKernelIpsec k;
    REQUIRE(k.add_policy(out_policy()).ok());
    CHECK(k.add_policy(out_policy()).error().code == EEXIST);
    Policy sub = out_policy();
    sub.ptype = kPolicyTypeSub; // another table: no clash
    CHECK(k.add_policy(sub).ok());
    Policy bad = out_policy();
    bad.dir = 7;
    CHECK(k.add_policy(bad).error().code == EINVAL);
    CHECK(k.policies().size() == 2);

    PolicyId id;
    id.sel = out_policy().sel;
    id.dir = 1;
    REQUIRE(k.del_policy(id).ok());
    CHECK(k.del_policy(id).error().code == ENOENT);

    State larval = esp_sa(0);
    auto spi1 = k.alloc_spi(larval, 0x100, 0x101);
    auto spi2 = k.alloc_spi(larval, 0x100, 0x101);
    REQUIRE(spi1.ok());
    REQUIRE(spi2.ok());
    CHECK(*spi1 != *spi2);
    CHECK_FALSE(k.alloc_spi(larval, 0x100, 0x101).ok());
}

TEST_CASE("FakeKernelIpsec: update_sa fills a larval SA wholesale, like the kernel") {
    FakeKernelIpsec k;
    State larval = esp_sa(0);
    larval.enc.reset();
    larval.auth.reset();
    larval.aead.reset();
    auto spi = k.alloc_spi(larval, 0x100, 0x1ff);
    REQUIRE(spi.ok());
    State full = esp_sa(*spi);
    REQUIRE(k.update_sa(full).ok());
    auto got = k.query_sa(id_of(full));
    REQUIRE(got.ok());
    CHECK(got->enc == full.enc);
    CHECK(got->auth == full.auth);
    // once complete, an update keeps the keys (lifetimes change)
    State other = full;
    other.enc->key = std::vector<std::uint8_t>(16, 0x77);
    REQUIRE(k.update_sa(other).ok());
    got = k.query_sa(id_of(full));
    REQUIRE(got.ok());
    CHECK(got->enc == full.enc);
}
