// keywords.h - the reserved words of the filter language.
//
// Entry point: find_keyword(word) -> the token (and aux/num) a keyword
// lexes to, or nullptr. Includes the named constants (tcp-syn, icmp-echo,
// icmp6-..., tcpflags) that lex as numbers. Used only by lexer.cc.
#pragma once

#include <cstdint>
#include <string_view>

#include "filter/token.h"

namespace wpcap::filter {

struct Keyword {
  const char* text;
  Tok tok;
  int aux;
  uint32_t num;
};

const Keyword* find_keyword(std::string_view word);

// ATM / MTP keyword sub-kinds carried in Token::aux.
enum AtmKw : int { kAtmLane = 1, kAtmMetac, kAtmBcc, kAtmOamf4ec, kAtmOamf4sc, kAtmSc, kAtmIlmic,
                   kAtmOam, kAtmOamf4, kAtmConnectmsg, kAtmMetaconnect, kAtmVpi, kAtmVci };
enum MtpKw : int { kMtpFisu = 1, kMtpLssu, kMtpMsu, kMtpHfisu, kMtpHlssu, kMtpHmsu,
                   kMtpSio, kMtpOpc, kMtpDpc, kMtpSls, kMtpHsio, kMtpHopc, kMtpHdpc, kMtpHsls };

}  // namespace wpcap::filter
