// source_factory.h - how pcap_create() gets a capture source for a device
// name. Implemented by the live-capture backend (src/capture/linux/);
// dead handles use make_dead_source() from core/dead_source.cc.
#pragma once

#include <memory>
#include <string>

#include "core/capture_source.h"

namespace wpcap {

// A not-yet-activated source for a local device ("any" included); its
// activate() opens the device and reports libpcap's activation codes.
std::unique_ptr<CaptureSource> make_live_source(const std::string& device);

// The source behind pcap_open_dead(): never produces packets.
std::unique_ptr<CaptureSource> make_dead_source();

}  // namespace wpcap
