// lexer.h - splits filter text into tokens the way libpcap's scanner does.
//
// Entry point: lex(text) -> Result<Tokens> (ends with kEnd).
// Longest match wins, ties go to the earlier rule of libpcap's scanner
// (keywords, MAC, number, IPv4, IPv6, constants, identifier), so "len-1"
// is one identifier and "10.1.2.3" an address. A bad token ends the list as
// a kLexError token whose text is libpcap's message for it.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "filter/token.h"

namespace wpcap::filter {

Result<Tokens> lex(std::string_view text);

// Parses a libpcap number ("0x1f", "017", "42"); false if malformed.
bool parse_number(std::string_view s, uint32_t* out);

}  // namespace wpcap::filter
