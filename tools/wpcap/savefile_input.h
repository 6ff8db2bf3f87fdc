// tools/wpcap/savefile_input.h - open a savefile path or `-` for reading.
//
// open_savefile() opens FILE (or standard input for "-") with libpcap in
// the timestamp precision the file itself carries (precision_probe.h), so
// `wpcap read` can print ns only for ns files. Errors land in errbuf.
#ifndef WPCAP_TOOLS_WPCAP_SAVEFILE_INPUT_H
#define WPCAP_TOOLS_WPCAP_SAVEFILE_INPUT_H

#include <pcap/pcap.h>

namespace wpcap::tool {

// Returns the handle, or nullptr with errbuf filled; `nano` tells whether
// the handle hands out nanosecond timestamps.
pcap_t* open_savefile(const char* path, bool& nano, char* errbuf);

}  // namespace wpcap::tool

#endif  // WPCAP_TOOLS_WPCAP_SAVEFILE_INPUT_H
