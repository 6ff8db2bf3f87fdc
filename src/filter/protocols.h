// protocols.h - protocol numbers the code generator tests for.
//
// Ethertypes, LLC SAPs, IP protocol numbers and OSI/IS-IS values, named as
// in libpcap's headers. Constants only.
#pragma once

#include <cstdint>

namespace wpcap::filter {

inline constexpr uint32_t kEthermtu = 1500;
inline constexpr uint32_t kEthertypeIp = 0x0800, kEthertypeArp = 0x0806, kEthertypeRevarp = 0x8035,
                          kEthertypeIpv6 = 0x86dd, kEthertypeAtalk = 0x809b, kEthertypeAarp = 0x80f3,
                          kEthertypeDn = 0x6003, kEthertypeSca = 0x6007, kEthertypeLat = 0x6004,
                          kEthertypeMopdl = 0x6001, kEthertypeMoprc = 0x6002, kEthertypeIpx = 0x8137,
                          kEthertype8021q = 0x8100, kEthertype8021ad = 0x88a8, kEthertypeQinq = 0x9100,
                          kEthertypeMpls = 0x8847, kEthertypePppoed = 0x8863, kEthertypePppoes = 0x8864,
                          kEthertypeTeb = 0x6558;
inline constexpr uint32_t kLlcsapIp = 0x06, kLlcsapIsons = 0xfe, kLlcsapNetbeui = 0xf0, kLlcsapIpx = 0xe0,
                          kLlcsap8021d = 0x42;
inline constexpr int kIpprotoIcmp = 1, kIpprotoIgmp = 2, kIpprotoTcp = 6, kIpprotoIgrp = 9, kIpprotoUdp = 17,
                     kIpprotoFragment = 44, kIpprotoEsp = 50, kIpprotoAh = 51, kIpprotoIcmpv6 = 58,
                     kIpprotoPim = 103, kIpprotoVrrp = 112, kIpprotoSctp = 132;
inline constexpr uint32_t kIsoEsis = 0x82, kIsoIsis = 0x83, kIsoClnp = 0x81;

}  // namespace wpcap::filter
