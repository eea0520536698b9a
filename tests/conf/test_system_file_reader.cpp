// SPDX-License-Identifier: GPL-2.0-or-later
// SystemFileReader on real files: read, glob, and an include relative to the file.
#include "conf/ipsec_conf.hpp"
#include "conf/ipsec_secrets.hpp"
#include "conf/system_file_reader.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace ipsec::conf;

namespace {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        char pattern[] = "/tmp/conf-test-XXXXXX";
        const char* made = mkdtemp(pattern);
        REQUIRE(made != nullptr);
        path = made;
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    // Written mode 0600, as secrets files must be.
    void write(const std::string& name, const std::string& text) const {
        std::filesystem::create_directories((path / name).parent_path());
        std::ofstream(path / name) << text;
        std::filesystem::permissions(path / name, std::filesystem::perms::owner_read |
                                                      std::filesystem::perms::owner_write);
    }
};

} // namespace

TEST_CASE("SystemFileReader: globs and relative includes on disk", "[conf][system]") {
    TempDir dir;
    dir.write("ipsec.conf", "include conns/*.conf\n");
    dir.write("conns/b.conf", "conn b\n\tauto=add\n");
    dir.write("conns/a.conf", "conn a\n\tauto=add\n");
    dir.write("conns/notes.txt", "not a config\n");
    dir.write("ipsec.secrets", "include secrets.d/*\n");
    dir.write("secrets.d/one", "a b : PSK \"one\"\n");
    SystemFileReader files;
    auto conf = parse_ipsec_conf(files, (dir.path / "ipsec.conf").string());
    REQUIRE(conf.ok());
    REQUIRE(conf->conns.size() == 2);
    CHECK(conf->conns[0].name == "a");
    CHECK(conf->conns[0].position.file == (dir.path / "conns/a.conf").string());
    auto secrets = parse_ipsec_secrets(files, (dir.path / "ipsec.secrets").string());
    REQUIRE(secrets.ok());
    REQUIRE(secrets->find_psk("a", "b") != nullptr);
    CHECK(secrets->find_psk("a", "b")->secret_text() == "one");

    auto missing = files.read((dir.path / "nothing").string());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().domain == ipsec::ErrorDomain::os);
    CHECK(missing.error().code == ENOENT);
    auto none = files.glob((dir.path / "*.none").string());
    REQUIRE(none.ok());
    CHECK(none->empty());
}

TEST_CASE("secrets files open to group or others, or owned by another user, are refused",
          "[conf][system][secrets]") {
    TempDir dir;
    const std::string top = (dir.path / "ipsec.secrets").string();
    const std::string inc = (dir.path / "secrets.d/peer").string();
    dir.write("ipsec.secrets", "include secrets.d/*\n");
    dir.write("secrets.d/peer", "a b : PSK \"one\"\n");
    SystemFileReader files;
    REQUIRE(parse_ipsec_secrets(files, top).ok());

    ::chmod(top.c_str(), 0644);
    auto r = parse_ipsec_secrets(files, top);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string() == "'" + top +
                                       "' holds secrets but has mode 0644, open to group or "
                                       "others: refusing it (chmod 600 " +
                                       top + ")");
    ::chmod(top.c_str(), 0600);

    // An included file is checked the same way; the error says where it was included.
    ::chmod(inc.c_str(), 0640);
    r = parse_ipsec_secrets(files, top);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string() == top + ":1:9: '" + inc +
                                       "' holds secrets but has mode 0640, open to group or "
                                       "others: refusing it (chmod 600 " +
                                       inc + ")");
    ::chmod(inc.c_str(), 0400);
    CHECK(parse_ipsec_secrets(files, top).ok());
    // ipsec.conf is not a secrets file: 0644 is fine there.
    dir.write("ipsec.conf", "conn a\n\tauto=add\n");
    ::chmod((dir.path / "ipsec.conf").c_str(), 0644);
    CHECK(parse_ipsec_conf(files, (dir.path / "ipsec.conf").string()).ok());

    if (::geteuid() == 0) { // only root can give a file away
        REQUIRE(::chown(inc.c_str(), 65534, 0) == 0);
        r = parse_ipsec_secrets(files, top);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().to_string() == top + ":1:9: '" + inc +
                                           "' holds secrets but is owned by uid 65534, not by "
                                           "root: refusing it (chown root " +
                                           inc + ")");
    }
    // Not a regular file.
    const std::string fifo = (dir.path / "fifo").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    r = parse_ipsec_secrets(files, fifo); // must not block on a FIFO nobody writes
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string() == "'" + fifo + "' is not a regular file");
}
