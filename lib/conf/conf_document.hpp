// SPDX-License-Identifier: GPL-2.0-or-later
// ConfDocument: ipsec.conf read into its sections and `key=value` lines, with every
// include expanded and every token's position kept; no keyword is interpreted yet.
//
// Lexical rules (strongSwan's dialect):
//   - a line starting at column 0 opens a section (`config setup`, `conn NAME`,
//     `ca NAME`) or is `include PATTERN` or `version 2`;
//   - a line starting with white space is `key = value` of the open section, or an
//     `include PATTERN`;
//   - `#` outside double quotes starts a comment; blank and comment lines may appear
//     anywhere;
//   - an unquoted value runs to the end of the line (or comment), runs of white space
//     inside it become one space, and it may not hold `=` or `"`; a double-quoted
//     value keeps its spaces, knows the escapes \" \\ \n \r \t \b \f and continues on
//     the next line after a trailing backslash;
//   - an empty value (`key=`) is kept: it clears an inherited setting.
#pragma once

#include "common/result.hpp"
#include "conf/diagnostic.hpp"
#include "conf/file_reader.hpp"
#include "conf/source_position.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ipsec::conf {

enum class SectionKind { config, conn, ca };

// "config", "conn" or "ca".
const char* section_kind_name(SectionKind kind);

struct RawSetting {
    std::string key;
    std::string value;
    SourcePosition key_position;
    SourcePosition value_position;
};

struct RawSection {
    SectionKind kind = SectionKind::conn;
    std::string name;
    SourcePosition position; // of the section's name
    std::vector<RawSetting> settings;
};

struct ConfDocument {
    std::optional<std::string> version; // from a `version` line
    std::vector<RawSection> sections;   // in file order, includes expanded in place
    std::vector<Diagnostic> warnings;   // includes that matched no file
};

struct ConfDocumentLimits {
    int max_include_depth = 10;
};

// Reads `path` and what it includes through `reader`.
Result<ConfDocument> read_conf_document(FileReader& reader, const std::string& path,
                                        const ConfDocumentLimits& limits = {});

} // namespace ipsec::conf
