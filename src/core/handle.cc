// handle.cc - construction, destruction and error helpers of struct pcap.
#include "core/handle.h"

#include "core/errbuf.h"

pcap::pcap() = default;
pcap::~pcap() = default;

void pcap::set_error(const std::string& message) { wpcap::copy_errbuf(errbuf, message); }
