// capture_source.h - the one seam between the handle and where packets
// come from: live Linux devices, savefiles, remote rpcap servers and
// pcap_open_dead handles each implement CaptureSource.
//
// Buffer ownership: packet bytes passed to the callback in read() belong to
// the source and are valid only during the callback; next() returns bytes
// valid until the next call on the handle or pcap_close(). Sources never
// allocate per packet; they deliver batches through read(), so there is one
// virtual call per batch, not per packet.
//
// Errors: read()/next() return libpcap's int codes and fill the handle's
// errbuf (hot path); control operations return a Status. Every operation a
// source cannot perform has a default that reports the documented error.
#pragma once

#include <pcap/pcap.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.h"

struct pcap;

namespace wpcap {

enum class SourceKind { kLive, kSavefile, kDead, kRemote };

class CaptureSource {
 public:
  virtual ~CaptureSource() = default;

  virtual SourceKind kind() const = 0;

  // Called once by pcap_create() right after the source is made, to fill
  // facts clients may query before activation (h.tstamp_type_list for
  // pcap_list_tstamp_types / pcap_set_tstamp_type). Default: nothing.
  virtual void created(pcap&) {}

  // Live and remote sources open their device here using h.opt; returns a
  // Status whose code may be a PCAP_WARNING_* (> 0). Sets h.linktype,
  // h.snapshot, h.dlt_list, ... Default: nothing to do.
  virtual Status activate(pcap& h);

  // Delivers up to max packets (max <= 0: all currently available) that
  // pass h's filter and direction to cb. Returns the number delivered, 0
  // on timeout / no data, PCAP_ERROR (errbuf set) or PCAP_ERROR_BREAK.
  virtual int read(pcap& h, int max, pcap_handler cb, u_char* user) = 0;

  // pcap_next_ex(): 1 and *hdr/*data set; 0 timeout; PCAP_ERROR; -2 at
  // savefile EOF or on break. Default: read(h, 1, ...) into h's oneshot copy.
  virtual int next(pcap& h, pcap_pkthdr** hdr, const u_char** data);

  // Installs a filter. Default: validate and run it in userland.
  virtual Status set_filter(pcap& h, const bpf_program& prog);
  virtual Status set_direction(pcap& h, pcap_direction_t dir);
  virtual Status set_nonblock(pcap& h, bool on);
  virtual Result<bool> get_nonblock(pcap& h);
  virtual Status set_datalink(pcap& h, int dlt);
  virtual Status stats(pcap& h, pcap_stat* st);  // fills the first three fields only
  virtual Result<int> inject(pcap& h, const void* buf, size_t len);
  virtual int can_set_rfmon(pcap& h);

  virtual int selectable_fd() const { return -1; }
  virtual const timeval* required_select_timeout() const { return nullptr; }
  virtual FILE* file() const { return nullptr; }
  virtual int bufsize() const { return 0; }
  // Called by pcap_breakloop() after the flag is set: wake a blocked
  // reader. Must be async-signal-safe.
  virtual void wake() {}

  // Npcap extensions.
  virtual Status set_kernel_buffer(pcap& h, int bytes);
  virtual Status set_user_buffer(pcap& h, int bytes);
  virtual Status set_min_to_copy(pcap& h, int bytes);
  virtual Result<int> event_fd(pcap& h);
  virtual Status set_mode(pcap& h, int mode);
  virtual Status oid_request(pcap& h, bool set, uint32_t oid, void* data, size_t* len);
  // Returns the number of queue bytes processed; sets errbuf when short.
  virtual u_int transmit_queue(pcap& h, const pcap_send_queue& q, bool sync);
  virtual Status stats_ex(pcap& h, pcap_stat* st);  // all six fields

 protected:
  // Words used in default error texts: "savefiles", "a pcap_open_dead pcap_t", ...
  virtual const char* what() const { return "that device"; }
};

}  // namespace wpcap
