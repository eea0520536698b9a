// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/ipsec_secrets.hpp"

#include "conf/identity_match.hpp"
#include "conf/include_resolver.hpp"
#include "conf/secret_encoding.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ipsec::conf {

namespace {

// What follows the type word.
enum class ArgumentForm {
    secret,        // one secret: "text", 0x.., 0s.. or a bare word
    file,          // a file, then optionally a passphrase or %prompt
    smartcard_pin, // a %smartcard selector, then a PIN or %prompt
};

struct SecretKind {
    std::string_view name;
    SecretType type;
    ArgumentForm form;
};

constexpr std::array<SecretKind, 8> secret_kinds{{
    {"PSK", SecretType::psk, ArgumentForm::secret},
    {"EAP", SecretType::eap, ArgumentForm::secret},
    {"NTLM", SecretType::ntlm, ArgumentForm::secret},
    {"XAUTH", SecretType::xauth, ArgumentForm::secret},
    {"RSA", SecretType::rsa, ArgumentForm::file},
    {"ECDSA", SecretType::ecdsa, ArgumentForm::file},
    {"P12", SecretType::p12, ArgumentForm::file},
    {"PIN", SecretType::pin, ArgumentForm::smartcard_pin},
}};

const SecretKind* find_kind(std::string_view word) {
    for (const auto& kind : secret_kinds) {
        if (kind.name.size() != word.size())
            continue;
        bool equal = true;
        for (std::size_t i = 0; i < word.size(); ++i)
            equal = equal && std::toupper(static_cast<unsigned char>(word[i])) == kind.name[i];
        if (equal)
            return &kind;
    }
    return nullptr;
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// A word of a line; it may be a secret, so its text is wiped when it goes.
struct Token {
    std::string text;       // quotes removed
    std::size_t column = 0; // 0-based, of the first character (the quote, if quoted)
    bool quoted = false;

    Token() = default;
    Token(const Token&) = default;
    Token(Token&&) noexcept = default;
    Token& operator=(const Token&) = default;
    Token& operator=(Token&&) noexcept = default;
    ~Token() { wipe_string(text); }
};

class SecretsReader {
public:
    SecretsReader(FileReader& reader, const SecretsOptions& options)
        : m_reader(reader), m_options(options) {}

    Result<IpsecSecrets> run(const std::string& path) {
        auto text = m_reader.read_secret(path);
        if (!text)
            return text.error();
        m_stack.push_back(path);
        auto rc = parse(path, *text);
        wipe_string(*text);
        if (!rc)
            return rc.error();
        return std::move(m_secrets);
    }

private:
    SourcePosition at(const std::string& file, std::size_t line, std::size_t column) const {
        return SourcePosition{file, static_cast<int>(line + 1), static_cast<int>(column + 1)};
    }

    Error error(const std::string& file, std::size_t line, std::size_t column,
                const std::string& message) const {
        return Error::plain(at(file, line, column).to_string() + ": " + message);
    }

    Result<void> parse(const std::string& file, const std::string& text) {
        std::size_t start = 0;
        for (std::size_t n = 0; start < text.size(); ++n) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos)
                end = text.size();
            std::string_view line(text.data() + start, end - start);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (auto rc = parse_line(file, n, line); !rc)
                return rc;
            start = end + 1;
        }
        return success();
    }

    // Splits a line into tokens; a '#' at the start or after white space ends it.
    Result<std::vector<Token>> tokenize(const std::string& file, std::size_t n,
                                        std::string_view line) const {
        std::vector<Token> tokens;
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && is_space(line[i]))
                ++i;
            if (i >= line.size() || line[i] == '#')
                break;
            Token token;
            token.column = i;
            if (line[i] == '"') {
                const std::size_t close = line.find('"', i + 1);
                if (close == std::string_view::npos)
                    return error(file, n, i,
                                 "unterminated quoted string: no closing '\"' on this line");
                token.text = std::string(line.substr(i + 1, close - i - 1));
                token.quoted = true;
                i = close + 1;
                if (i < line.size() && !is_space(line[i]))
                    return error(file, n, i,
                                 "unexpected character right after the closing '\"' (expected "
                                 "white space)");
            } else {
                const std::size_t begin = i;
                while (i < line.size() && !is_space(line[i]))
                    ++i;
                token.text = std::string(line.substr(begin, i - begin));
            }
            tokens.push_back(std::move(token));
        }
        return tokens;
    }

    Result<void> parse_line(const std::string& file, std::size_t n, std::string_view line) {
        auto tokens = tokenize(file, n, line);
        if (!tokens)
            return tokens.error();
        if (tokens->empty())
            return success();
        const auto& words = *tokens;
        if (!words[0].quoted && words[0].text == "include")
            return parse_include(file, n, line, words);

        std::size_t colon = 0;
        while (colon < words.size() && (words[colon].quoted || words[colon].text != ":"))
            ++colon;
        // The messages below quote no word of the line: without the ' : ' there
        // is no telling selectors from the secret.
        if (colon == words.size()) {
            for (const auto& word : words)
                if (!word.quoted && word.text.size() > 1 && word.text.back() == ':')
                    return error(file, n, word.column + word.text.size() - 1,
                                 "this ':' needs white space before it (SELECTORS : TYPE "
                                 "SECRET)");
            return error(file, n, words[0].column,
                         "expected ' : ' between the selectors and the secret, e.g. "
                         "'ID1 ID2 : PSK \"secret\"' or ': RSA key.pem'");
        }
        SecretEntry entry;
        for (std::size_t i = 0; i < colon; ++i)
            entry.selectors.push_back(words[i].text);
        if (colon + 1 >= words.size())
            return error(file, n, line.size(),
                         "secret type missing after ':' (expected PSK, EAP, NTLM, XAUTH, RSA, "
                         "ECDSA, P12 or PIN)");
        const Token& type_word = words[colon + 1];
        const SecretKind* kind = type_word.quoted ? nullptr : find_kind(type_word.text);
        if (kind == nullptr) // not quoted: it may be a secret whose type was left out
            return error(file, n, type_word.column,
                         "unknown secret type (expected PSK, EAP, NTLM, XAUTH, RSA, ECDSA, P12 "
                         "or PIN)");
        entry.type = kind->type;
        entry.position = at(file, n, type_word.column);
        const std::string type_name(kind->name);

        const std::size_t first = colon + 2;
        const std::size_t count = words.size() - first;
        if (count == 0) {
            const char* what = kind->form == ArgumentForm::secret ? "a secret"
                               : kind->form == ArgumentForm::file ? "a file name"
                                                                  : "a %smartcard selector";
            return error(file, n, line.size(), std::string(what) + " missing after " + type_name);
        }
        const std::size_t allowed = kind->form == ArgumentForm::secret ? 1 : 2;
        if (count > allowed) {
            const Token& extra = words[first + allowed];
            return error(file, n, extra.column,
                         std::string("unexpected text after the ") +
                             (kind->form == ArgumentForm::secret ? "secret" : "passphrase") +
                             " of " + type_name + " (quote a secret that contains white space)");
        }
        if (kind->form == ArgumentForm::secret) {
            auto rc = decode(file, n, words[first], entry.secret);
            if (!rc)
                return rc;
            if (entry.secret.empty())
                return error(file, n, words[first].column, "empty " + type_name + " secret");
        } else {
            entry.file = words[first].text;
            if (kind->form == ArgumentForm::smartcard_pin && !entry.file.starts_with("%smartcard"))
                return error(file, n, words[first].column, // not quoted: it may be the PIN
                             "expected %smartcard[SLOT[@MODULE]]:KEYID after PIN");
            if (count == 2) {
                const Token& pass = words[first + 1];
                if (!pass.quoted && pass.text == "%prompt") {
                    entry.prompt = true;
                } else {
                    SecretBytes secret;
                    auto rc = decode(file, n, pass, secret);
                    if (!rc)
                        return rc;
                    entry.passphrase = std::move(secret);
                }
            }
        }
        if (entry.type == SecretType::pin) {
            const std::string message = "PIN entries (smartcards) are not supported by iked";
            if (m_options.strict)
                return error(file, n, type_word.column, message);
            m_secrets.warnings.push_back(Diagnostic{entry.position, message + ", ignored"});
        }
        m_secrets.entries.push_back(std::move(entry));
        return success();
    }

    Result<void> decode(const std::string& file, std::size_t n, const Token& token,
                        SecretBytes& out) const {
        const std::string& text = token.text;
        if (token.quoted || text.size() < 2 || text[0] != '0' ||
            (text[1] != 'x' && text[1] != 's')) {
            out.assign(text.begin(), text.end());
            return success();
        }
        const std::string_view body = std::string_view(text).substr(2);
        auto failure = text[1] == 'x' ? decode_hex(body, out) : decode_base64(body, out);
        if (failure)
            return error(file, n, token.column + 2 + failure->offset, failure->message);
        return success();
    }

    Result<void> parse_include(const std::string& file, std::size_t n, std::string_view line,
                               const std::vector<Token>& words) {
        if (words.size() < 2)
            return error(file, n, line.size(), "file name missing after 'include'");
        if (words.size() > 2)
            return error(file, n, words[2].column,
                         "unexpected '" + words[2].text +
                             "': include takes a single file name without white space");
        const std::size_t column = words[1].column;
        if (static_cast<int>(m_stack.size()) > m_options.max_include_depth)
            return error(file, n, column,
                         "include nesting deeper than " +
                             std::to_string(m_options.max_include_depth) + " levels");
        auto paths = resolve_include(m_reader, file, words[1].text);
        if (!paths)
            return error(file, n, column, paths.error().to_string());
        if (paths->empty()) {
            m_secrets.warnings.push_back(Diagnostic{
                at(file, n, column),
                "no file matches include '" + include_pattern_path(file, words[1].text) + "'"});
            return success();
        }
        for (const auto& path : *paths) {
            if (std::find(m_stack.begin(), m_stack.end(), path) != m_stack.end())
                return error(file, n, column, "include loop: '" + path + "' is already being read");
            auto text = m_reader.read_secret(path);
            if (!text)
                return error(file, n, column, text.error().to_string());
            m_stack.push_back(path);
            auto rc = parse(path, *text);
            wipe_string(*text);
            m_stack.pop_back();
            if (!rc)
                return rc;
        }
        return success();
    }

    FileReader& m_reader;
    SecretsOptions m_options;
    IpsecSecrets m_secrets;
    std::vector<std::string> m_stack;
};

} // namespace

const char* secret_type_name(SecretType type) {
    for (const auto& kind : secret_kinds)
        if (kind.type == type)
            return kind.name.data();
    return "?";
}

const SecretEntry* IpsecSecrets::find_shared(SecretType type, std::string_view local_id,
                                             std::string_view remote_id) const {
    const SecretEntry* best = nullptr;
    int best_score = 0;
    for (const auto& entry : entries) {
        if (entry.type != type)
            continue;
        IdMatch local = IdMatch::any;
        IdMatch remote = IdMatch::any;
        if (!entry.selectors.empty()) {
            local = remote = IdMatch::none;
            for (const auto& selector : entry.selectors) {
                local = std::max(local, match_identity(selector, local_id));
                remote = std::max(remote, match_identity(selector, remote_id));
            }
        }
        if (local == IdMatch::none && remote == IdMatch::none)
            continue;
        const int score = static_cast<int>(local) + static_cast<int>(remote);
        if (score > best_score) {
            best = &entry;
            best_score = score;
        }
    }
    return best;
}

Result<IpsecSecrets> parse_ipsec_secrets(FileReader& reader, const std::string& path,
                                         const SecretsOptions& options) {
    return SecretsReader(reader, options).run(path);
}

} // namespace ipsec::conf
