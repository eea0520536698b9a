// SPDX-License-Identifier: GPL-2.0-or-later
// ipsec.conf lexical rules: sections, indentation, comments, quoting, include, version,
// and the exact file:line:column of every error.
#include "conf/conf_document.hpp"
#include "conf/memory_file_reader.hpp"
#include "conf_test_support.hpp"

#include <catch2/catch.hpp>

using namespace ipsec::conf;
using conf_test::error_of;
using conf_test::parse_conf;

namespace {

ipsec::Result<ConfDocument> read_doc(const std::string& text) {
    MemoryFileReader files;
    files.add("/etc/ipsec.conf", text);
    return read_conf_document(files, "/etc/ipsec.conf");
}

} // namespace

TEST_CASE("sections, settings, comments and blank lines", "[conf][document]") {
    auto doc = read_doc("# head comment\n"
                        "version 2\n"
                        "config setup\n"
                        "\n"
                        "\t# indented comment\n"
                        "    uniqueids = no   # trailing\n"
                        "conn a\n"
                        "\tleft=1.2.3.4\n"
                        "\n"
                        "\tright =5.6.7.8#no space before the comment\n"
                        "ca root\n"
                        "\tcacert=root.pem\n");
    REQUIRE(doc.ok());
    CHECK(doc->version == "2");
    REQUIRE(doc->sections.size() == 3);
    CHECK(doc->sections[0].kind == SectionKind::config);
    CHECK(doc->sections[0].name == "setup");
    REQUIRE(doc->sections[0].settings.size() == 1);
    CHECK(doc->sections[0].settings[0].key == "uniqueids");
    CHECK(doc->sections[0].settings[0].value == "no");
    CHECK(doc->sections[0].settings[0].key_position.to_string() == "/etc/ipsec.conf:6:5");
    CHECK(doc->sections[0].settings[0].value_position.to_string() == "/etc/ipsec.conf:6:17");
    const auto& conn = doc->sections[1];
    CHECK(conn.kind == SectionKind::conn);
    CHECK(conn.position.to_string() == "/etc/ipsec.conf:7:6");
    REQUIRE(conn.settings.size() == 2);
    CHECK(conn.settings[1].key == "right");
    CHECK(conn.settings[1].value == "5.6.7.8");
    CHECK(doc->sections[2].kind == SectionKind::ca);
    CHECK(doc->sections[2].settings[0].value == "root.pem");
}

TEST_CASE("unquoted values collapse white space, quoted values keep it", "[conf][document]") {
    auto doc = read_doc("conn a\n"
                        "\tleftupdown=/bin/script   arg1 \t arg2  \n"
                        "\trightid=\"C=CH,  O=strongSwan, CN=peer\"  # a DN\n"
                        "\tleftid=\"say \\\"hi\\\"\\tnow\\\\\"\n"
                        "\trightupdown=\"first \\\n"
                        "second\"\n"
                        "\tleftcert=\n");
    REQUIRE(doc.ok());
    const auto& s = doc->sections[0].settings;
    REQUIRE(s.size() == 5);
    CHECK(s[0].value == "/bin/script arg1 arg2");
    CHECK(s[1].value == "C=CH,  O=strongSwan, CN=peer");
    CHECK(s[2].value == "say \"hi\"\tnow\\");
    CHECK(s[3].value == "first second");
    CHECK(s[4].key == "leftcert");
    CHECK(s[4].value.empty());
}

TEST_CASE("sections of the same name are merged, later settings win", "[conf][document]") {
    auto conf = parse_conf("conn a\n\tleft=1.1.1.1\n\tauto=add\nconn a\n\tright=2.2.2.2\n"
                           "\tauto=start\n");
    REQUIRE(conf.ok());
    REQUIRE(conf->conns.size() == 1);
    CHECK(conf->conns[0].left.hosts[0].text == "1.1.1.1");
    CHECK(conf->conns[0].right.hosts[0].text == "2.2.2.2");
    CHECK(conf->conns[0].auto_action == AutoAction::start);
}

TEST_CASE("lexical errors name the token and the position", "[conf][document][errors]") {
    struct Case {
        const char* text;
        const char* message;
    };
    const Case cases[] = {
        {"conn a\nleft=1.2.3.4\n",
         "/etc/ipsec.conf:2:1: parameter 'left' at column 1: parameters belong to a section and "
         "must be indented with white space"},
        {"conn a b\n\tleft=1.2.3.4\n",
         "/etc/ipsec.conf:1:8: unexpected 'b' after the section name 'a' (a section name cannot "
         "contain white space)"},
        {"conn\n", "/etc/ipsec.conf:1:5: section name missing after 'conn'"},
        {"config foo\n",
         "/etc/ipsec.conf:1:8: unknown config section 'foo' (the only one is 'config setup')"},
        {"connection a\n",
         "/etc/ipsec.conf:1:1: unexpected 'connection': expected 'config setup', 'conn NAME', "
         "'ca NAME', 'include FILE' or 'version 2' at the start of a line"},
        {"version 3\n", "/etc/ipsec.conf:1:9: unsupported version '3' (only 'version 2' exists)"},
        {"\tleft=1.2.3.4\n",
         "/etc/ipsec.conf:1:2: parameter 'left' outside of any section (open one with 'conn "
         "NAME', 'ca NAME' or 'config setup' at column 1)"},
        {"conn a\n\tleft 1.2.3.4\n", "/etc/ipsec.conf:2:7: expected '=' after 'left', got '1'"},
        {"conn a\n\tauto\n", "/etc/ipsec.conf:2:6: expected '=' after 'auto', got end of line"},
        {"conn a\n\t-left=1\n",
         "/etc/ipsec.conf:2:2: unexpected '-': expected a parameter name (letters, digits and "
         "'_')"},
        {"conn a\n\trightid=C=CH, O=x\n",
         "/etc/ipsec.conf:2:11: '=' in the unquoted value of 'rightid': enclose the value in "
         "double quotes"},
        {"conn a\n\tleftid=ab\"c\"\n",
         "/etc/ipsec.conf:2:11: '\"' inside the unquoted value of 'leftid': quote the whole value"},
        {"conn a\n\tleftid=\"abc\n\tauto=add\n",
         "/etc/ipsec.conf:2:9: unterminated quoted value: no closing '\"'"},
        {"conn a\n\tleftid=\"abc\\\n",
         "/etc/ipsec.conf:2:9: unterminated quoted value: the file ends after a '\\' "
         "continuation"},
        {"conn a\n\tleftid=\"abc\" def\n",
         "/etc/ipsec.conf:2:15: unexpected 'def' after the closing '\"'"},
        {"include\n", "/etc/ipsec.conf:1:8: file name missing after 'include'"},
        {"version\n", "/etc/ipsec.conf:1:8: version number missing after 'version'"},
        {"version 2 x\n", "/etc/ipsec.conf:1:11: unexpected 'x' after the version"},
        {"conn a\n\tinclude a b\n",
         "/etc/ipsec.conf:2:12: unexpected 'b': include takes a single file name without white "
         "space"},
        {"include a b\n",
         "/etc/ipsec.conf:1:11: unexpected 'b': include takes a single file name without white "
         "space"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(error_of(parse_conf(c.text)) == c.message);
    }
}

TEST_CASE("include: relative to the including file, globs sorted, nested", "[conf][include]") {
    MemoryFileReader files;
    files.add("/etc/ipsec.conf", "config setup\n"
                                 "include ipsec.d/*.conf\n"
                                 "conn last\n"
                                 "\tauto=add\n");
    files.add("/etc/ipsec.d/b.conf", "conn b\n\tauto=add\n\tinclude more/extra.conf\n");
    files.add("/etc/ipsec.d/a.conf", "conn a\n\tauto=start\n");
    files.add("/etc/ipsec.d/more/extra.conf", "\tright=10.0.0.2\n");
    files.add("/etc/ipsec.d/skip.txt", "garbage\n");
    auto conf = parse_ipsec_conf(files, "/etc/ipsec.conf");
    REQUIRE(conf.ok());
    REQUIRE(conf->conns.size() == 3);
    CHECK(conf->conns[0].name == "a");
    CHECK(conf->conns[1].name == "b");
    CHECK(conf->conns[2].name == "last");
    // the included indented line continues the section open in the including file
    REQUIRE(conf->conns[1].right.hosts.size() == 1);
    CHECK(conf->conns[1].right.hosts[0].text == "10.0.0.2");
    CHECK(conf->conns[0].position.to_string() == "/etc/ipsec.d/a.conf:1:6");
    CHECK(conf->warnings.empty());
}

TEST_CASE("include: a pattern matching nothing is a warning", "[conf][include]") {
    auto conf = parse_conf("include /etc/ipsec.d/*.conf\nconn a\n\tauto=add\n");
    REQUIRE(conf.ok());
    REQUIRE(conf->warnings.size() == 1);
    CHECK(conf->warnings[0].to_string() ==
          "/etc/ipsec.conf:1:9: no file matches include '/etc/ipsec.d/*.conf'");
}

TEST_CASE("include: loops and depth are errors", "[conf][include][errors]") {
    MemoryFileReader files;
    files.add("/etc/ipsec.conf", "conn a\n\tauto=add\ninclude sub.conf\n");
    files.add("/etc/sub.conf", "\n# comment\ninclude ipsec.conf\n");
    CHECK(error_of(parse_ipsec_conf(files, "/etc/ipsec.conf")) ==
          "/etc/sub.conf:3:9: include loop: '/etc/ipsec.conf' is already being read");

    MemoryFileReader deep;
    for (int i = 0; i < 12; ++i)
        deep.add("/c/" + std::to_string(i) + ".conf",
                 "include " + std::to_string(i + 1) + ".conf\n");
    CHECK(error_of(parse_ipsec_conf(deep, "/c/0.conf")) ==
          "/c/10.conf:1:9: include nesting deeper than 10 levels");
    ConfOptions shallow;
    shallow.max_include_depth = 2;
    CHECK(error_of(parse_ipsec_conf(deep, "/c/0.conf", shallow)) ==
          "/c/2.conf:1:9: include nesting deeper than 2 levels");
}

TEST_CASE("the top-level file must exist", "[conf][include][errors]") {
    MemoryFileReader files;
    auto conf = parse_ipsec_conf(files, "/etc/ipsec.conf");
    REQUIRE_FALSE(conf.ok());
    CHECK(conf.error().message == "cannot open '/etc/ipsec.conf'");
}
