// SystemFileReader on real files: read, glob, and an include relative to the file.
#include "conf/ipsec_conf.hpp"
#include "conf/ipsec_secrets.hpp"
#include "conf/system_file_reader.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

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
    void write(const std::string& name, const std::string& text) const {
        std::filesystem::create_directories((path / name).parent_path());
        std::ofstream(path / name) << text;
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
