// SPDX-License-Identifier: GPL-2.0-or-later
#include "charon_log.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <optional>

namespace ipsec::ike::test {

namespace {

struct Section {
    LoggedPlaintext entry;
    std::optional<std::size_t> assoc_size; // as announced by "assoc => N bytes"
    std::optional<std::size_t> plain_size;
    std::vector<std::uint8_t>* target = nullptr; // the dump being read
};

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// "HH:MM:SS.mmm TT[ENC] <name|n> text": gives TT and text for ENC lines.
std::optional<std::pair<std::string, std::string>> split_enc_line(const std::string& line) {
    auto tag = line.find("[ENC] ");
    if (tag == std::string::npos)
        return std::nullopt;
    auto space = line.rfind(' ', tag);
    if (space == std::string::npos)
        return std::nullopt;
    std::string thread = line.substr(space + 1, tag - space - 1);
    std::string text = line.substr(tag + 6);
    if (!text.empty() && text[0] == '<') {
        auto close = text.find("> ");
        if (close == std::string::npos)
            return std::nullopt;
        text = text.substr(close + 2);
    }
    return std::make_pair(thread, text);
}

// "  16: 00 01 ...  ascii" -> offset 16 and the bytes; nullopt if not a dump row.
std::optional<std::pair<std::size_t, std::vector<std::uint8_t>>> dump_row(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ')
        ++i;
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        ++i;
    if (i == start || i + 1 >= text.size() || text[i] != ':' || text[i + 1] != ' ')
        return std::nullopt;
    std::size_t offset = std::stoul(text.substr(start, i - start));
    i += 2;
    std::vector<std::uint8_t> bytes;
    while (bytes.size() < 16 && i + 1 < text.size() && hex_value(text[i]) >= 0 &&
           hex_value(text[i + 1]) >= 0 && (i + 2 == text.size() || text[i + 2] == ' ')) {
        bytes.push_back(
            static_cast<std::uint8_t>(hex_value(text[i]) * 16 + hex_value(text[i + 1])));
        i += 3;
    }
    if (bytes.empty())
        return std::nullopt;
    return std::make_pair(offset, bytes);
}

} // namespace

Result<std::vector<LoggedPlaintext>> read_logged_plaintexts(const std::string& log_path) {
    std::ifstream in(log_path);
    if (!in)
        return Error::plain("cannot open " + log_path);
    std::vector<LoggedPlaintext> out;
    std::map<std::string, Section> sections; // by thread
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        auto enc = split_enc_line(line);
        if (!enc)
            continue;
        const auto& [thread, text] = *enc;
        auto where = log_path + ":" + std::to_string(number);
        if (text.find("payload encryption:") != std::string::npos ||
            text.find("payload decryption:") != std::string::npos) {
            Section s;
            s.entry.encryption = text.find("encryption:") != std::string::npos;
            s.entry.fragment = text.find("fragment") != std::string::npos;
            sections[thread] = std::move(s);
            continue;
        }
        auto it = sections.find(thread);
        if (it == sections.end())
            continue;
        Section& s = it->second;
        bool is_assoc = text.rfind("assoc => ", 0) == 0;
        bool is_plain = text.rfind("plain => ", 0) == 0;
        if (is_assoc || is_plain) {
            std::size_t size = std::stoul(text.substr(9));
            s.target = is_assoc ? &s.entry.assoc : &s.entry.plain;
            (is_assoc ? s.assoc_size : s.plain_size) = size;
            if (is_plain)
                s.entry.line = number;
        } else if (auto row = dump_row(text); row && s.target) {
            if (row->first != s.target->size())
                return Error::plain(where + ": dump row at offset " + std::to_string(row->first) +
                                    " after " + std::to_string(s.target->size()) + " bytes");
            s.target->insert(s.target->end(), row->second.begin(), row->second.end());
        } else {
            s.target = nullptr;
        }
        if (s.assoc_size && s.plain_size && s.entry.assoc.size() == *s.assoc_size &&
            s.entry.plain.size() == *s.plain_size) {
            out.push_back(std::move(s.entry));
            sections.erase(it);
        }
    }
    return out;
}

} // namespace ipsec::ike::test
