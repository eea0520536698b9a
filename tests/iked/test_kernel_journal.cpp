// SPDX-License-Identifier: GPL-2.0-or-later
// KernelJournal: the record of what iked put into the kernel, replayed after a
// crash. TrackingKernel writes it on the way to a (fake) kernel here; the netns
// test crash-restart.sh kills a real iked and checks the real kernel.
#include "kernel_journal.hpp"
#include "support/fake_kernel_ipsec.hpp"
#include "tracking_kernel.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

using iked::KernelJournal;
using iked::TrackingKernel;

namespace {

struct TempPath {
    std::string path;
    TempPath() {
        char tmpl[] = "/tmp/iked-journal-XXXXXX";
        int fd = ::mkstemp(tmpl);
        REQUIRE(fd >= 0);
        ::close(fd);
        path = tmpl;
    }
    ~TempPath() {
        ::unlink(path.c_str());
        ::unlink((path + ".new").c_str());
    }
};

ipxf::State sa(const std::string& dst, std::uint32_t spi) {
    ipxf::State s;
    s.daddr = *ipxf::Address::parse(dst);
    s.saddr = *ipxf::Address::parse("192.168.27.128");
    s.family = s.daddr.family;
    s.spi = spi;
    s.proto = 50;
    s.mode = 0;
    return s;
}

ipxf::Policy policy(const std::string& dst, std::uint8_t dir) {
    ipxf::Policy p;
    p.sel.saddr = *ipxf::Address::parse("192.168.27.128");
    p.sel.daddr = *ipxf::Address::parse(dst);
    p.sel.family = p.sel.daddr.family;
    p.sel.prefixlen_s = p.sel.prefixlen_d = 32;
    p.dir = dir;
    return p;
}

} // namespace

TEST_CASE("what TrackingKernel installs is in the journal until it is removed", "[iked][journal]") {
    TempPath tmp;
    ipxf::FakeKernelIpsec fake;
    {
        auto journal = KernelJournal::open(tmp.path).value();
        TrackingKernel kernel(fake, nullptr, nullptr, &journal);
        REQUIRE(kernel.add_sa(sa("192.168.27.132", 0xc1000001)));
        REQUIRE(kernel.add_sa(sa("192.168.27.132", 0xc1000002)));
        REQUIRE(kernel.add_policy(policy("192.168.27.132", 1)));
        REQUIRE(kernel.add_policy(policy("192.168.27.132", 0)));
        ipxf::StateId gone;
        gone.daddr = *ipxf::Address::parse("192.168.27.132");
        gone.spi = 0xc1000002;
        gone.proto = 50;
        REQUIRE(kernel.del_sa(gone));
        // an add the kernel refuses (EEXIST: someone else's) is not ours
        CHECK_FALSE(kernel.add_policy(policy("192.168.27.132", 0)));
        // the daemon "crashes": no remove_all()
    }
    auto journal = KernelJournal::open(tmp.path).value();
    auto left = journal.read();
    REQUIRE(left.states.size() == 1);
    CHECK(left.states[0].spi == 0xc1000001);
    REQUIRE(left.policies.size() == 2);
    CHECK(fake.states().size() == 1);
    CHECK(fake.policies().size() == 2);
}

TEST_CASE("a clean exit leaves an empty journal", "[iked][journal]") {
    TempPath tmp;
    ipxf::FakeKernelIpsec fake;
    auto journal = KernelJournal::open(tmp.path).value();
    TrackingKernel kernel(fake, nullptr, nullptr, &journal);
    REQUIRE(kernel.add_sa(sa("192.168.27.132", 0xc1000001)));
    REQUIRE(kernel.add_policy(policy("192.168.27.132", 1)));
    CHECK(kernel.remove_all() == 2);
    CHECK(journal.read().empty());
    struct stat st {};
    REQUIRE(::stat(tmp.path.c_str(), &st) == 0);
    CHECK(st.st_size == 0);
}

TEST_CASE("the journal is compacted when it grows past what is live", "[iked][journal]") {
    TempPath tmp;
    ipxf::FakeKernelIpsec fake;
    auto journal = KernelJournal::open(tmp.path).value();
    TrackingKernel kernel(fake, nullptr, nullptr, &journal);
    REQUIRE(kernel.add_policy(policy("192.168.27.132", 1)));
    for (std::uint32_t i = 0; i < 5000; ++i) {
        REQUIRE(kernel.add_sa(sa("192.168.27.132", 0xc2000000 + i)));
        ipxf::StateId id;
        id.daddr = *ipxf::Address::parse("192.168.27.132");
        id.spi = 0xc2000000 + i;
        id.proto = 50;
        REQUIRE(kernel.del_sa(id));
    }
    REQUIRE(kernel.add_sa(sa("192.168.27.132", 0xc3000000)));
    CHECK(journal.records() < 300);
    auto left = journal.read();
    REQUIRE(left.states.size() == 1);
    CHECK(left.states[0].spi == 0xc3000000);
    CHECK(left.policies.size() == 1);
}

TEST_CASE("replay survives torn and hostile logs", "[iked][journal]") {
    auto body = KernelJournal::encode(ipxf::StateId{*ipxf::Address::parse("10.0.0.1"), 7, 2, 50,
                                                    std::nullopt, std::nullopt, std::nullopt});
    std::vector<std::uint8_t> log;
    log.push_back(1); // sa_add
    log.push_back(static_cast<std::uint8_t>(body.size() >> 8));
    log.push_back(static_cast<std::uint8_t>(body.size()));
    for (auto b : body)
        log.push_back(b);
    CHECK(KernelJournal::replay(log).states.size() == 1);
    for (std::size_t cut = 0; cut < log.size(); ++cut) {
        std::vector<std::uint8_t> torn(log.begin(), log.begin() + cut);
        CHECK(KernelJournal::replay(torn).states.empty());
    }
    std::mt19937 random(5);
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::uint8_t> junk(random() % 400);
        for (auto& b : junk)
            b = static_cast<std::uint8_t>(random());
        (void)KernelJournal::replay(junk); // no crash, no overread (ASan in CI)
    }
}

TEST_CASE("the journal refuses a symbolic link", "[iked][journal]") {
    TempPath target;
    std::string link = target.path + ".link";
    REQUIRE(::symlink(target.path.c_str(), link.c_str()) == 0);
    auto opened = KernelJournal::open(link);
    ::unlink(link.c_str());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().to_string().find("symbolic link") != std::string::npos);
}

TEST_CASE("a second daemon cannot take a journal in use", "[iked][journal]") {
    TempPath tmp;
    auto first = KernelJournal::open(tmp.path);
    REQUIRE(first.ok());
    auto second = KernelJournal::open(tmp.path);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().to_string().find("another iked uses it") != std::string::npos);
    first = KernelJournal::open(tmp.path + ".other"); // the first one closes its file
    ::unlink((tmp.path + ".other").c_str());
    CHECK(KernelJournal::open(tmp.path).ok());
}
