// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/conf_document.hpp"

#include "conf/include_resolver.hpp"

#include <algorithm>
#include <string_view>

namespace ipsec::conf {

const char* section_kind_name(SectionKind kind) {
    switch (kind) {
    case SectionKind::config:
        return "config";
    case SectionKind::conn:
        return "conn";
    case SectionKind::ca:
        return "ca";
    }
    return "?";
}

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

// A word of a column-0 line or of an include line, with its 0-based column.
struct Word {
    std::string_view text;
    size_t column;
};

// The white-space separated words of `line` from `from`, stopping at a comment.
std::vector<Word> split_words(std::string_view line, size_t from) {
    std::vector<Word> words;
    size_t i = from;
    while (i < line.size()) {
        while (i < line.size() && is_space(line[i]))
            ++i;
        if (i >= line.size() || line[i] == '#')
            break;
        const size_t start = i;
        while (i < line.size() && !is_space(line[i]) && line[i] != '#')
            ++i;
        words.push_back({line.substr(start, i - start), start});
    }
    return words;
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

class DocumentReader {
public:
    DocumentReader(FileReader& reader, const ConfDocumentLimits& limits)
        : m_reader(reader), m_limits(limits) {}

    Result<ConfDocument> run(const std::string& path) {
        auto text = m_reader.read(path);
        if (!text)
            return text.error();
        m_stack.push_back(path);
        if (auto rc = parse(path, *text); !rc)
            return rc.error();
        return std::move(m_document);
    }

private:
    SourcePosition at(const std::string& file, size_t line, size_t column) const {
        return SourcePosition{file, static_cast<int>(line + 1), static_cast<int>(column + 1)};
    }

    Error error(const std::string& file, size_t line, size_t column,
                const std::string& message) const {
        return Error::plain(at(file, line, column).to_string() + ": " + message);
    }

    Result<void> parse(const std::string& file, const std::string& text) {
        const auto lines = split_lines(text);
        for (size_t n = 0; n < lines.size(); ++n) {
            const std::string_view line = lines[n];
            size_t first = 0;
            while (first < line.size() && is_space(line[first]))
                ++first;
            if (first == line.size() || line[first] == '#')
                continue;
            Result<void> rc =
                first == 0 ? parse_toplevel(file, n, line) : parse_indented(file, lines, n, first);
            if (!rc)
                return rc;
        }
        return success();
    }

    Result<void> parse_toplevel(const std::string& file, size_t n, std::string_view line) {
        const auto words = split_words(line, 0);
        const std::string_view head = words[0].text;
        if (head == "config" || head == "conn" || head == "ca") {
            if (words.size() < 2)
                return error(file, n, line.size(),
                             "section name missing after '" + std::string(head) + "'");
            if (words.size() > 2)
                return error(file, n, words[2].column,
                             "unexpected " + quoted(words[2].text) + " after the section name " +
                                 quoted(words[1].text) +
                                 " (a section name cannot contain white space)");
            SectionKind kind = head == "config" ? SectionKind::config
                               : head == "conn" ? SectionKind::conn
                                                : SectionKind::ca;
            if (kind == SectionKind::config && words[1].text != "setup")
                return error(file, n, words[1].column,
                             "unknown config section " + quoted(words[1].text) +
                                 " (the only one is 'config setup')");
            m_document.sections.push_back(
                RawSection{kind, std::string(words[1].text), at(file, n, words[1].column), {}});
            m_in_section = true;
            return success();
        }
        if (head == "include") // the open section, if any, goes on after the included text
            return parse_include(file, n, line, words);
        if (head == "version") {
            m_in_section = false;
            if (words.size() < 2)
                return error(file, n, line.size(), "version number missing after 'version'");
            if (words.size() > 2)
                return error(file, n, words[2].column,
                             "unexpected " + quoted(words[2].text) + " after the version");
            if (words[1].text != "2" && words[1].text != "2.0")
                return error(file, n, words[1].column,
                             "unsupported version " + quoted(words[1].text) +
                                 " (only 'version 2' exists)");
            m_document.version = std::string(words[1].text);
            return success();
        }
        const auto eq = head.find('=');
        if (eq != std::string_view::npos)
            return error(file, n, 0,
                         "parameter " + quoted(head.substr(0, eq)) +
                             " at column 1: parameters belong to a section and must be "
                             "indented with white space");
        return error(file, n, 0,
                     "unexpected " + quoted(head) +
                         ": expected 'config setup', 'conn NAME', 'ca NAME', 'include FILE' or "
                         "'version 2' at the start of a line");
    }

    Result<void> parse_include(const std::string& file, size_t n, std::string_view line,
                               const std::vector<Word>& words) {
        if (words.size() < 2)
            return error(file, n, line.size(), "file name missing after 'include'");
        if (words.size() > 2)
            return error(file, n, words[2].column,
                         "unexpected " + quoted(words[2].text) +
                             ": include takes a single file name without white space");
        if (static_cast<int>(m_stack.size()) > m_limits.max_include_depth)
            return error(file, n, words[1].column,
                         "include nesting deeper than " +
                             std::to_string(m_limits.max_include_depth) + " levels");
        const std::string pattern(words[1].text);
        auto paths = resolve_include(m_reader, file, pattern);
        if (!paths)
            return error(file, n, words[1].column, paths.error().to_string());
        if (paths->empty()) {
            m_document.warnings.push_back(Diagnostic{
                at(file, n, words[1].column),
                "no file matches include " + quoted(include_pattern_path(file, pattern))});
            return success();
        }
        for (const auto& path : *paths) {
            if (std::find(m_stack.begin(), m_stack.end(), path) != m_stack.end())
                return error(file, n, words[1].column,
                             "include loop: " + quoted(path) + " is already being read");
            auto text = m_reader.read(path);
            if (!text)
                return error(file, n, words[1].column, text.error().to_string());
            m_stack.push_back(path);
            auto rc = parse(path, *text);
            m_stack.pop_back();
            if (!rc)
                return rc;
        }
        return success();
    }

    Result<void> parse_indented(const std::string& file, const std::vector<std::string_view>& lines,
                                size_t& n, size_t first) {
        const std::string_view line = lines[n];
        const auto words = split_words(line, first);
        if (words[0].text == "include")
            return parse_include(file, n, line, words);

        size_t i = first;
        while (i < line.size() && is_key_char(line[i]))
            ++i;
        if (i == first)
            return error(file, n, first,
                         "unexpected " + quoted(line.substr(first, 1)) +
                             ": expected a parameter name (letters, digits and '_')");
        const std::string key(line.substr(first, i - first));
        const size_t key_column = first;
        while (i < line.size() && is_space(line[i]))
            ++i;
        if (i >= line.size() || line[i] != '=') {
            const std::string got =
                i >= line.size() || line[i] == '#' ? "end of line" : quoted(line.substr(i, 1));
            return error(file, n, i, "expected '=' after " + quoted(key) + ", got " + got);
        }
        if (!m_in_section)
            return error(file, n, key_column,
                         "parameter " + quoted(key) +
                             " outside of any section (open one with 'conn NAME', "
                             "'ca NAME' or 'config setup' at column 1)");
        ++i;
        while (i < line.size() && is_space(line[i]))
            ++i;

        RawSetting setting;
        setting.key = key;
        setting.key_position = at(file, n, key_column);
        setting.value_position = at(file, n, i);
        if (i < line.size() && line[i] == '"') {
            auto rc = parse_quoted(file, lines, n, i, setting.value);
            if (!rc)
                return rc;
        } else {
            auto rc = parse_unquoted(file, n, line, i, key, setting.value);
            if (!rc)
                return rc;
        }
        m_document.sections.back().settings.push_back(std::move(setting));
        return success();
    }

    Result<void> parse_unquoted(const std::string& file, size_t n, std::string_view line, size_t i,
                                const std::string& key, std::string& value) {
        bool pending_space = false;
        for (; i < line.size() && line[i] != '#'; ++i) {
            const char c = line[i];
            if (is_space(c)) {
                pending_space = !value.empty();
                continue;
            }
            if (c == '=')
                return error(file, n, i,
                             "'=' in the unquoted value of " + quoted(key) +
                                 ": enclose the value in double quotes");
            if (c == '"')
                return error(file, n, i,
                             "'\"' inside the unquoted value of " + quoted(key) +
                                 ": quote the whole value");
            if (pending_space)
                value += ' ';
            pending_space = false;
            value += c;
        }
        return success();
    }

    // Parses a double-quoted value starting at lines[n][i] == '"'; on return n is the
    // line holding the closing quote.
    Result<void> parse_quoted(const std::string& file, const std::vector<std::string_view>& lines,
                              size_t& n, size_t i, std::string& value) {
        const size_t open_line = n;
        const size_t open_column = i;
        ++i;
        for (;;) {
            const std::string_view line = lines[n];
            if (i >= line.size()) {
                return error(file, open_line, open_column,
                             "unterminated quoted value: no closing '\"'");
            }
            const char c = line[i];
            if (c == '"') {
                ++i;
                break;
            }
            if (c != '\\') {
                value += c;
                ++i;
                continue;
            }
            if (i + 1 >= line.size()) { // backslash at the end: the value continues
                if (n + 1 >= lines.size())
                    return error(file, open_line, open_column,
                                 "unterminated quoted value: the file ends after a '\\' "
                                 "continuation");
                ++n;
                i = 0;
                continue;
            }
            const char escaped = line[i + 1];
            switch (escaped) {
            case 'n':
                value += '\n';
                break;
            case 'r':
                value += '\r';
                break;
            case 't':
                value += '\t';
                break;
            case 'b':
                value += '\b';
                break;
            case 'f':
                value += '\f';
                break;
            case '"':
            case '\\':
                value += escaped;
                break;
            default:
                value += '\\';
                value += escaped;
                break;
            }
            i += 2;
        }
        const std::string_view line = lines[n];
        while (i < line.size() && is_space(line[i]))
            ++i;
        if (i < line.size() && line[i] != '#')
            return error(file, n, i,
                         "unexpected " + quoted(line.substr(i)) + " after the closing '\"'");
        return success();
    }

    FileReader& m_reader;
    ConfDocumentLimits m_limits;
    ConfDocument m_document;
    std::vector<std::string> m_stack;
    bool m_in_section = false;
};

} // namespace

Result<ConfDocument> read_conf_document(FileReader& reader, const std::string& path,
                                        const ConfDocumentLimits& limits) {
    return DocumentReader(reader, limits).run(path);
}

} // namespace ipsec::conf
