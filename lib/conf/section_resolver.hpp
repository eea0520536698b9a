// SPDX-License-Identifier: GPL-2.0-or-later
// Section resolution of ipsec.conf: sections of one kind sharing a name are merged,
// then each gets %default's settings, then those of every also= section in order
// (recursively), then its own; later settings replace earlier ones, so a section's
// own settings win even over an also= written after them. An empty value is kept: it
// clears what was inherited.
#pragma once

#include "common/result.hpp"
#include "conf/conf_document.hpp"

#include <string>
#include <vector>

namespace ipsec::conf {

struct ResolvedSection {
    std::string name;
    SourcePosition position;          // of the first section with that name
    std::vector<std::string> also;    // as written in the section itself
    std::vector<RawSetting> settings; // one per key (also excluded), in order of first appearance
};

// Every section of `kind` except %default, in order of first appearance.
Result<std::vector<ResolvedSection>> resolve_sections(const ConfDocument& document,
                                                      SectionKind kind);

} // namespace ipsec::conf
