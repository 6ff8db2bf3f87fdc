/* version_probe.c - a minimal libpcap program for the install test: it
 * opens a dead handle, compiles the empty filter and prints the version. */
#include <pcap.h>
#include <stdio.h>

int main(void) {
  pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
  struct bpf_program prog;
  if (p == NULL || pcap_compile(p, &prog, "", 1, PCAP_NETMASK_UNKNOWN) != 0) return 1;
  pcap_freecode(&prog);
  pcap_close(p);
  printf("%s\n", pcap_lib_version());
  return 0;
}
