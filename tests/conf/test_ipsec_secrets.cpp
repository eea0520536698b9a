// SPDX-License-Identifier: GPL-2.0-or-later
// ipsec.secrets: the lab's file, every secret type and encoding, include, the exact
// file:line:column of malformed lines, and the PSK lookup rules.
#include "conf/identity_match.hpp"
#include "conf/ipsec_secrets.hpp"
#include "conf/memory_file_reader.hpp"
#include "conf_test_support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <type_traits>

using namespace ipsec::conf;
using conf_test::error_of;

namespace {

ipsec::Result<IpsecSecrets> parse_secrets(const std::string& text, SecretsOptions options = {}) {
    MemoryFileReader files;
    files.add("/etc/ipsec.secrets", text);
    return parse_ipsec_secrets(files, "/etc/ipsec.secrets", options);
}

SecretBytes bytes(const std::string& text) {
    return {text.begin(), text.end()};
}

} // namespace

TEST_CASE("the lab's ipsec.secrets", "[secrets][lab]") {
    // seed 000 section 3.4.1, ipsec.secrets_psk_ali
    auto secrets = parse_secrets("# This file holds shared secrets or RSA private keys for "
                                 "authentication.\n"
                                 "\n"
                                 "192.168.27.128 192.168.27.132 : PSK \"mysecretkey\"\n");
    REQUIRE(secrets.ok());
    CHECK(secrets->warnings.empty());
    REQUIRE(secrets->entries.size() == 1);
    const SecretEntry& e = secrets->entries[0];
    CHECK(e.type == SecretType::psk);
    CHECK(e.selectors == std::vector<std::string>{"192.168.27.128", "192.168.27.132"});
    CHECK(e.secret_text() == "mysecretkey");
    CHECK(e.position.to_string() == "/etc/ipsec.secrets:3:33");
    // both ends find it, whichever is local
    CHECK(secrets->find_psk("192.168.27.128", "192.168.27.132") == &e);
    CHECK(secrets->find_psk("192.168.27.132", "192.168.27.128") == &e);
    CHECK(secrets->find_psk("192.168.27.200", "192.168.27.201") == nullptr);
}

TEST_CASE("every secret type and encoding", "[secrets]") {
    auto secrets = parse_secrets(R"(# comment
: PSK "any host, any peer"
@moon.example.org %any : PSK 0x0102aBcD
carol@example.org : EAP "x3.dEhgN"   # trailing comment
dave : XAUTH 0sYWJj
eve : NTLM bare#word
  : RSA moonKey.pem
: RSA /etc/ipsec.d/private/enc.pem "pass phrase"
: ECDSA ec.pem %prompt
"C=CH, O=strongSwan, CN=moon" : P12 moon.p12 0x7365637265
: PIN %smartcard1@opensc:45 %prompt
)");
    REQUIRE(secrets.ok());
    const auto& e = secrets->entries;
    REQUIRE(e.size() == 10);
    CHECK(e[0].selectors.empty());
    CHECK(e[0].secret_text() == "any host, any peer");
    CHECK(e[1].selectors == std::vector<std::string>{"@moon.example.org", "%any"});
    CHECK(e[1].secret == SecretBytes{0x01, 0x02, 0xab, 0xcd});
    CHECK(e[2].type == SecretType::eap);
    CHECK(e[2].secret_text() == "x3.dEhgN");
    CHECK(e[3].type == SecretType::xauth);
    CHECK(e[3].secret == bytes("abc"));
    CHECK(e[4].type == SecretType::ntlm);
    CHECK(e[4].secret_text() == "bare#word");
    CHECK(e[5].type == SecretType::rsa);
    CHECK(e[5].file == "moonKey.pem");
    CHECK_FALSE(e[5].passphrase.has_value());
    CHECK_FALSE(e[5].prompt);
    CHECK(e[6].file == "/etc/ipsec.d/private/enc.pem");
    CHECK(e[6].passphrase == bytes("pass phrase"));
    CHECK(e[7].type == SecretType::ecdsa);
    CHECK(e[7].prompt);
    CHECK(e[8].type == SecretType::p12);
    CHECK(e[8].selectors == std::vector<std::string>{"C=CH, O=strongSwan, CN=moon"});
    CHECK(e[8].passphrase == bytes("secre"));
    CHECK(e[9].type == SecretType::pin);
    CHECK(e[9].file == "%smartcard1@opensc:45");
    REQUIRE(secrets->warnings.size() == 1);
    CHECK(secrets->warnings[0].to_string() ==
          "/etc/ipsec.secrets:11:3: PIN entries (smartcards) are not supported by iked, ignored");
    CHECK(std::string(secret_type_name(SecretType::p12)) == "P12");

    SecretsOptions strict;
    strict.strict = true;
    CHECK(error_of(parse_secrets(": PIN %smartcard:45 1234\n", strict)) ==
          "/etc/ipsec.secrets:1:3: PIN entries (smartcards) are not supported by iked");
}

TEST_CASE("type words are case-insensitive, base64 padding", "[secrets]") {
    auto secrets = parse_secrets("a b : psk 0sYQ==\nc : Psk 0sYWI=\n");
    REQUIRE(secrets.ok());
    CHECK(secrets->entries.at(0).secret == bytes("a"));
    CHECK(secrets->entries.at(1).secret == bytes("ab"));
}

TEST_CASE("include with globs, relative to the including file", "[secrets][include]") {
    MemoryFileReader files;
    files.add("/etc/ipsec.secrets", ": PSK \"first\"\ninclude ipsec.d/*.secrets\n: PSK \"last\"\n");
    files.add("/etc/ipsec.d/b.secrets", "b : PSK \"b\"\n");
    files.add("/etc/ipsec.d/a.secrets", "a : PSK \"a\"\ninclude /etc/other/x.secrets\n");
    files.add("/etc/other/x.secrets", "x : PSK \"x\"\n");
    auto secrets = parse_ipsec_secrets(files, "/etc/ipsec.secrets");
    REQUIRE(secrets.ok());
    std::vector<std::string> order;
    for (const auto& e : secrets->entries)
        order.push_back(e.secret_text());
    CHECK(order == std::vector<std::string>{"first", "a", "x", "b", "last"});
    CHECK(secrets->entries[1].position.to_string() == "/etc/ipsec.d/a.secrets:1:5");

    MemoryFileReader deep;
    for (int i = 0; i < 3; ++i)
        deep.add("/s/" + std::to_string(i), "include " + std::to_string(i + 1) + "\n");
    SecretsOptions shallow;
    shallow.max_include_depth = 1;
    CHECK(error_of(parse_ipsec_secrets(deep, "/s/0", shallow)) ==
          "/s/1:1:9: include nesting deeper than 1 levels");

    MemoryFileReader loop;
    loop.add("/etc/ipsec.secrets", "include ipsec.secrets\n");
    CHECK(error_of(parse_ipsec_secrets(loop, "/etc/ipsec.secrets")) ==
          "/etc/ipsec.secrets:1:9: include loop: '/etc/ipsec.secrets' is already being read");

    auto none = parse_secrets("include /var/lib/strongswan/ipsec.secrets.inc\n");
    REQUIRE(none.ok());
    REQUIRE(none->warnings.size() == 1);
    CHECK(none->warnings[0].to_string() == "/etc/ipsec.secrets:1:9: no file matches include "
                                           "'/var/lib/strongswan/ipsec.secrets.inc'");
}

TEST_CASE("malformed lines: exact file:line:column", "[secrets][errors]") {
    struct Case {
        const char* text;
        const char* message;
    };
    const Case cases[] = {
        {"a b PSK \"x\"\n",
         "/etc/ipsec.secrets:1:1: expected ' : ' between the selectors and the secret, e.g. 'ID1 "
         "ID2 : PSK \"secret\"' or ': RSA key.pem'"},
        {"\n192.168.0.1: PSK \"x\"\n",
         "/etc/ipsec.secrets:2:12: this ':' needs white space before it (SELECTORS : TYPE "
         "SECRET)"},
        {"a : \n", "/etc/ipsec.secrets:1:5: secret type missing after ':' (expected PSK, EAP, "
                   "NTLM, XAUTH, RSA, ECDSA, P12 or PIN)"},
        {"a : PKS \"x\"\n", "/etc/ipsec.secrets:1:5: unknown secret type (expected PSK, EAP, "
                            "NTLM, XAUTH, RSA, ECDSA, P12 or PIN)"},
        {"a : PSK\n", "/etc/ipsec.secrets:1:8: a secret missing after PSK"},
        {": RSA\n", "/etc/ipsec.secrets:1:6: a file name missing after RSA"},
        {"a : PSK \"x\n",
         "/etc/ipsec.secrets:1:9: unterminated quoted string: no closing '\"' on this line"},
        {"a : PSK \"x\"y\n",
         "/etc/ipsec.secrets:1:12: unexpected character right after the closing '\"' (expected "
         "white space)"},
        {"a : PSK my secret\n",
         "/etc/ipsec.secrets:1:12: unexpected text after the secret of PSK (quote a secret that "
         "contains white space)"},
        {": RSA k.pem pass word\n",
         "/etc/ipsec.secrets:1:18: unexpected text after the passphrase of RSA (quote a secret "
         "that contains white space)"},
        {"a : PSK 0x12g4\n", "/etc/ipsec.secrets:1:13: a character that is not a hex digit"},
        {"a : PSK 0x123\n", "/etc/ipsec.secrets:1:13: odd number of hex digits (3)"},
        {"a : PSK 0x\n", "/etc/ipsec.secrets:1:11: no hex digits after 0x"},
        {"a : PSK 0sYW*j\n", "/etc/ipsec.secrets:1:13: a character that is not base64"},
        {"a : PSK 0sYWJ\n",
         "/etc/ipsec.secrets:1:13: base64 text of 3 characters: expected a multiple of 4 (with "
         "'=' padding)"},
        {"a : PSK \"\"\n", "/etc/ipsec.secrets:1:9: empty PSK secret"},
        {": PIN 1234\n",
         "/etc/ipsec.secrets:1:7: expected %smartcard[SLOT[@MODULE]]:KEYID after PIN"},
        {"include\n", "/etc/ipsec.secrets:1:8: file name missing after 'include'"},
        {"include a b\n", "/etc/ipsec.secrets:1:11: unexpected 'b': include takes a single file "
                          "name without white space"},
        {"a : XAUTH 0s====\n", "/etc/ipsec.secrets:1:13: a character that is not base64"},
        {": P12 c.p12 0xabc\n", "/etc/ipsec.secrets:1:17: odd number of hex digits (3)"},
        {"a : \"PSK\" x\n", "/etc/ipsec.secrets:1:5: unknown secret type (expected PSK, EAP, "
                            "NTLM, XAUTH, RSA, ECDSA, P12 or PIN)"},
        {"# ok\n: PSK \"ok\"\n\n  x y : EAP 0x0\n", "/etc/ipsec.secrets:4:15: odd number of hex "
                                                    "digits (1)"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(error_of(parse_secrets(c.text)) == c.message);
    }
}

TEST_CASE("no error message quotes a secret, a passphrase or a PIN", "[secrets][errors]") {
    // Each line is malformed where the secret is, or where a misplaced secret
    // could be mistaken for another word; "Wh1sperWord" and its parts must
    // not appear in the message.
    const char* lines[] = {
        "a b : PSK Wh1sper Word\n",     // unquoted secret with a space
        "a b : PSK \"Wh1sper\"Word\n",  // text glued to the closing quote
        "a b : Wh1sperWord\n",          // the type left out
        "a b : \"Wh1sperWord\"\n",      // the type left out, quoted
        "a b: PSK Wh1sperWord:\n",      // no white space before ':'
        "a b PSK Wh1sperWord:\n",       // no ':' at all
        ": PIN Wh1sperWord\n",          // the PIN where the selector goes
        ": RSA key.pem Wh1sper Word\n", // passphrase with a space
        "a b : PSK 0xWh1sperWord\n",    // not hex
        "a b : PSK 0sWh1sper*Word\n",   // not base64
        "a b : EAP 0sWh1sperWordWx\n",  // base64 of a bad length
        "a b : PSK \"Wh1sperWord\n",    // unterminated
    };
    for (const char* line : lines) {
        INFO(line);
        const std::string message = error_of(parse_secrets(line));
        CHECK_FALSE(message.empty());
        for (const char* part : {"Wh1sper", "Word", "1sp", "erW"})
            CHECK(message.find(part) == std::string::npos);
    }
}

TEST_CASE("secrets are held in wiped buffers", "[secrets]") {
    auto secrets = parse_secrets("a b : PSK \"psk\"\n: RSA k.pem \"pass\"\n");
    REQUIRE(secrets.ok());
    static_assert(std::is_same_v<decltype(SecretEntry::secret), SecretBytes>);
    static_assert(std::is_same_v<decltype(SecretEntry::passphrase), std::optional<SecretBytes>>);
    // The allocator zeroes what it frees: look at a block after deallocate.
    WipingAllocator<std::uint8_t> alloc;
    std::uint8_t* block = alloc.allocate(64);
    std::fill(block, block + 64, 0xa5);
    wipe_memory(block, 64);
    CHECK(std::all_of(block, block + 64, [](std::uint8_t b) { return b == 0; }));
    alloc.deallocate(block, 64);
    std::string text = "a b : PSK \"psk\"";
    const std::size_t size = text.size();
    wipe_string(text);
    CHECK(text == std::string(size, '\0'));
}

TEST_CASE("identity matching", "[secrets][lookup]") {
    CHECK(match_identity("%any", "10.0.0.1") == IdMatch::any);
    CHECK(match_identity("0.0.0.0", "moon") == IdMatch::any);
    CHECK(match_identity("10.0.0.1", "10.0.0.1") == IdMatch::perfect);
    CHECK(match_identity("fec0::0001", "fec0::1") == IdMatch::perfect);
    CHECK(match_identity("@Moon.Example.org", "moon.example.org") == IdMatch::perfect);
    CHECK(match_identity("moon.example.org", "@moon.example.org") == IdMatch::perfect);
    CHECK(match_identity("*@example.org", "carol@example.org") == IdMatch::one_wildcard);
    CHECK(match_identity("10.0.0.1", "10.0.0.2") == IdMatch::none);
    CHECK(match_identity("10.0.0.1", "%any") == IdMatch::none);
    CHECK(match_identity("C=CH, CN=a", "C=CH, CN=a") == IdMatch::perfect);
    CHECK(match_identity("C=CH, CN=a", "C=CH, CN=A") == IdMatch::none);
}

TEST_CASE("PSK lookup: exact beats %any, both ids beat one", "[secrets][lookup]") {
    auto secrets = parse_secrets(R"(: PSK "no selectors"
%any : PSK "any"
10.0.0.1 : PSK "local only"
10.0.0.1 %any : PSK "local and any"
10.0.0.2 : PSK "remote only"
10.0.0.1 10.0.0.2 : PSK "both"
10.0.0.3 10.0.0.1 : PSK "both, reversed"
10.0.0.1 10.0.0.2 : EAP "not a psk"
*@example.org : PSK "wildcard"
carol@example.org : PSK "carol"
)");
    REQUIRE(secrets.ok());
    auto psk = [&](std::string_view local, std::string_view remote) -> std::string {
        const SecretEntry* e = secrets->find_psk(local, remote);
        return e == nullptr ? "(none)" : e->secret_text();
    };
    CHECK(psk("10.0.0.1", "10.0.0.2") == "both");
    CHECK(psk("10.0.0.2", "10.0.0.1") == "both");
    CHECK(psk("10.0.0.1", "10.0.0.3") == "both, reversed");
    CHECK(psk("10.0.0.1", "10.0.0.9") == "local and any");
    CHECK(psk("10.0.0.9", "10.0.0.2") == "remote only");
    CHECK(psk("10.0.0.8", "10.0.0.9") == "no selectors"); // first of the equal %any matches
    CHECK(psk("moon", "dave@example.org") == "wildcard");
    CHECK(psk("moon", "carol@example.org") == "carol");
    const SecretEntry* eap = secrets->find_shared(SecretType::eap, "10.0.0.2", "x");
    REQUIRE(eap != nullptr);
    CHECK(eap->secret_text() == "not a psk");

    auto only_specific = parse_secrets("10.0.0.1 10.0.0.2 : PSK \"s\"\n");
    REQUIRE(only_specific.ok());
    // one matching identity is enough to use an entry
    CHECK(only_specific->find_psk("10.0.0.1", "10.0.0.7") != nullptr);
    CHECK(only_specific->find_psk("10.0.0.5", "10.0.0.7") == nullptr);
}
