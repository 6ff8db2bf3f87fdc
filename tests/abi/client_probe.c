/*
 * client_probe.c - a client that uses every public declaration of include/.
 *
 * Compiled (never linked) by header_compile_test.cc as C99 and as C++ with
 * -Wall -Wextra -pedantic -Werror against include/ only. Each function is
 * assigned to a pointer of libpcap's exact type, so a changed prototype
 * fails to compile. With WPCAP_PROBE_LIBPCAP_ONLY it also compiles against
 * the system's libpcap 1.10.3 headers, which proves these types are libpcap's.
 */
#include <pcap.h>
#include <pcap-bpf.h>
#include <pcap-namedb.h>
#include <pcap/pcap.h>
#include <pcap/bpf.h>
#include <pcap/dlt.h>
#include <pcap/namedb.h>
#include <pcap/sll.h>
#include <pcap/vlan.h>
#include <pcap/usb.h>
#include <pcap/can_socketcan.h>
#include <pcap/nflog.h>
#include <pcap/ipnet.h>
#include <pcap/bluetooth.h>
#include <pcap/socket.h>

#include <stddef.h>
#include <string.h>

/* Every function of the API, with the type a client compiled against libpcap expects. */
struct api_table {
  void (*p_bpf_dump)(const struct bpf_program *, int);
  u_int (*p_bpf_filter)(const struct bpf_insn *, const u_char *, u_int, u_int);
  char * (*p_bpf_image)(const struct bpf_insn *, int);
  int (*p_bpf_validate)(const struct bpf_insn *, int);
  int (*p_pcap_activate)(pcap_t *);
  void (*p_pcap_breakloop)(pcap_t *);
  int (*p_pcap_bufsize)(pcap_t *);
  int (*p_pcap_can_set_rfmon)(pcap_t *);
  void (*p_pcap_close)(pcap_t *);
  int (*p_pcap_compile)(pcap_t *, struct bpf_program *, const char *, int, bpf_u_int32);
  int (*p_pcap_compile_nopcap)(int, int, struct bpf_program *, const char *, int, bpf_u_int32);
  pcap_t * (*p_pcap_create)(const char *, char *);
  int (*p_pcap_createsrcstr)(char *, int, const char *, const char *, const char *, char *);
  int (*p_pcap_datalink)(pcap_t *);
  int (*p_pcap_datalink_ext)(pcap_t *);
  int (*p_pcap_datalink_name_to_val)(const char *);
  const char * (*p_pcap_datalink_val_to_description)(int);
  const char * (*p_pcap_datalink_val_to_description_or_dlt)(int);
  const char * (*p_pcap_datalink_val_to_name)(int);
  int (*p_pcap_dispatch)(pcap_t *, int, pcap_handler, u_char *);
  void (*p_pcap_dump)(u_char *, const struct pcap_pkthdr *, const u_char *);
  void (*p_pcap_dump_close)(pcap_dumper_t *);
  FILE * (*p_pcap_dump_file)(pcap_dumper_t *);
  int (*p_pcap_dump_flush)(pcap_dumper_t *);
  pcap_dumper_t * (*p_pcap_dump_fopen)(pcap_t *, FILE *);
  long int (*p_pcap_dump_ftell)(pcap_dumper_t *);
  int64_t (*p_pcap_dump_ftell64)(pcap_dumper_t *);
  pcap_dumper_t * (*p_pcap_dump_open)(pcap_t *, const char *);
  pcap_dumper_t * (*p_pcap_dump_open_append)(pcap_t *, const char *);
  u_char * (*p_pcap_ether_aton)(const char *);
  u_char * (*p_pcap_ether_hostton)(const char *);
  FILE * (*p_pcap_file)(pcap_t *);
  int (*p_pcap_fileno)(pcap_t *);
  int (*p_pcap_findalldevs)(pcap_if_t **, char *);
  int (*p_pcap_findalldevs_ex)(const char *, struct pcap_rmtauth *, pcap_if_t **, char *);
  pcap_t * (*p_pcap_fopen_offline)(FILE *, char *);
  pcap_t * (*p_pcap_fopen_offline_with_tstamp_precision)(FILE *, u_int, char *);
  void (*p_pcap_free_datalinks)(int *);
  void (*p_pcap_free_tstamp_types)(int *);
  void (*p_pcap_freealldevs)(pcap_if_t *);
  void (*p_pcap_freecode)(struct bpf_program *);
  const struct timeval * (*p_pcap_get_required_select_timeout)(pcap_t *);
  int (*p_pcap_get_selectable_fd)(pcap_t *);
  int (*p_pcap_get_tstamp_precision)(pcap_t *);
  char * (*p_pcap_geterr)(pcap_t *);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  pcap_event_t (*p_pcap_getevent)(pcap_t *);
#endif
  int (*p_pcap_getnonblock)(pcap_t *, char *);
  int (*p_pcap_init)(unsigned int, char *);
  int (*p_pcap_inject)(pcap_t *, const void *, size_t);
  int (*p_pcap_is_swapped)(pcap_t *);
  const char * (*p_pcap_lib_version)(void);
  int (*p_pcap_list_datalinks)(pcap_t *, int **);
  int (*p_pcap_list_tstamp_types)(pcap_t *, int **);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_live_dump)(pcap_t *, char *, int, int);
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_live_dump_ended)(pcap_t *, int);
#endif
  char * (*p_pcap_lookupdev)(char *);
  int (*p_pcap_lookupnet)(const char *, bpf_u_int32 *, bpf_u_int32 *, char *);
  int (*p_pcap_loop)(pcap_t *, int, pcap_handler, u_char *);
  int (*p_pcap_major_version)(pcap_t *);
  int (*p_pcap_minor_version)(pcap_t *);
  bpf_u_int32 ** (*p_pcap_nametoaddr)(const char *);
  struct addrinfo * (*p_pcap_nametoaddrinfo)(const char *);
  int (*p_pcap_nametoeproto)(const char *);
  int (*p_pcap_nametollc)(const char *);
  bpf_u_int32 (*p_pcap_nametonetaddr)(const char *);
  int (*p_pcap_nametoport)(const char *, int *, int *);
  int (*p_pcap_nametoportrange)(const char *, int *, int *, int *);
  int (*p_pcap_nametoproto)(const char *);
  const u_char * (*p_pcap_next)(pcap_t *, struct pcap_pkthdr *);
  struct pcap_etherent * (*p_pcap_next_etherent)(FILE *);
  int (*p_pcap_next_ex)(pcap_t *, struct pcap_pkthdr **, const u_char **);
  int (*p_pcap_offline_filter)(const struct bpf_program *, const struct pcap_pkthdr *, const u_char *);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_oid_get_request)(pcap_t *, bpf_u_int32, void *, size_t *);
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_oid_set_request)(pcap_t *, bpf_u_int32, const void *, size_t *);
#endif
  pcap_t * (*p_pcap_open)(const char *, int, int, int, struct pcap_rmtauth *, char *);
  pcap_t * (*p_pcap_open_dead)(int, int);
  pcap_t * (*p_pcap_open_dead_with_tstamp_precision)(int, int, u_int);
  pcap_t * (*p_pcap_open_live)(const char *, int, int, int, char *);
  pcap_t * (*p_pcap_open_offline)(const char *, char *);
  pcap_t * (*p_pcap_open_offline_with_tstamp_precision)(const char *, u_int, char *);
  int (*p_pcap_parsesrcstr)(const char *, int *, char *, char *, char *, char *);
  void (*p_pcap_perror)(pcap_t *, const char *);
  int (*p_pcap_remoteact_accept)(const char *, const char *, const char *, char *, struct pcap_rmtauth *, char *);
  int (*p_pcap_remoteact_accept_ex)(const char *, const char *, const char *, char *, struct pcap_rmtauth *, int, char *);
  void (*p_pcap_remoteact_cleanup)(void);
  int (*p_pcap_remoteact_close)(const char *, char *);
  int (*p_pcap_remoteact_list)(char *, char, int, char *);
  int (*p_pcap_sendpacket)(pcap_t *, const u_char *, int);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  pcap_send_queue * (*p_pcap_sendqueue_alloc)(u_int);
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  void (*p_pcap_sendqueue_destroy)(pcap_send_queue *);
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_sendqueue_queue)(pcap_send_queue *, const struct pcap_pkthdr *, const u_char *);
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  u_int (*p_pcap_sendqueue_transmit)(pcap_t *, pcap_send_queue *, int);
#endif
  int (*p_pcap_set_buffer_size)(pcap_t *, int);
  int (*p_pcap_set_datalink)(pcap_t *, int);
  int (*p_pcap_set_immediate_mode)(pcap_t *, int);
  int (*p_pcap_set_promisc)(pcap_t *, int);
  int (*p_pcap_set_protocol_linux)(pcap_t *, int);
  int (*p_pcap_set_rfmon)(pcap_t *, int);
  int (*p_pcap_set_snaplen)(pcap_t *, int);
  int (*p_pcap_set_timeout)(pcap_t *, int);
  int (*p_pcap_set_tstamp_precision)(pcap_t *, int);
  int (*p_pcap_set_tstamp_type)(pcap_t *, int);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_setbuff)(pcap_t *, int);
#endif
  int (*p_pcap_setdirection)(pcap_t *, pcap_direction_t);
  int (*p_pcap_setfilter)(pcap_t *, struct bpf_program *);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_setmintocopy)(pcap_t *, int);
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_setmode)(pcap_t *, int);
#endif
  int (*p_pcap_setnonblock)(pcap_t *, int, char *);
  struct pcap_samp * (*p_pcap_setsampling)(pcap_t *);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_setuserbuffer)(pcap_t *, int);
#endif
  int (*p_pcap_snapshot)(pcap_t *);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  int (*p_pcap_start_oem)(char *, int);
#endif
  int (*p_pcap_stats)(pcap_t *, struct pcap_stat *);
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  struct pcap_stat * (*p_pcap_stats_ex)(pcap_t *, int *);
#endif
  const char * (*p_pcap_statustostr)(int);
  const char * (*p_pcap_strerror)(int);
  int (*p_pcap_tstamp_type_name_to_val)(const char *);
  const char * (*p_pcap_tstamp_type_val_to_description)(int);
  const char * (*p_pcap_tstamp_type_val_to_name)(int);
};

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
void probe_fill_api_table(struct api_table *t);
void probe_fill_api_table(struct api_table *t)
{
  t->p_bpf_dump = bpf_dump;
  t->p_bpf_filter = bpf_filter;
  t->p_bpf_image = bpf_image;
  t->p_bpf_validate = bpf_validate;
  t->p_pcap_activate = pcap_activate;
  t->p_pcap_breakloop = pcap_breakloop;
  t->p_pcap_bufsize = pcap_bufsize;
  t->p_pcap_can_set_rfmon = pcap_can_set_rfmon;
  t->p_pcap_close = pcap_close;
  t->p_pcap_compile = pcap_compile;
  t->p_pcap_compile_nopcap = pcap_compile_nopcap;
  t->p_pcap_create = pcap_create;
  t->p_pcap_createsrcstr = pcap_createsrcstr;
  t->p_pcap_datalink = pcap_datalink;
  t->p_pcap_datalink_ext = pcap_datalink_ext;
  t->p_pcap_datalink_name_to_val = pcap_datalink_name_to_val;
  t->p_pcap_datalink_val_to_description = pcap_datalink_val_to_description;
  t->p_pcap_datalink_val_to_description_or_dlt = pcap_datalink_val_to_description_or_dlt;
  t->p_pcap_datalink_val_to_name = pcap_datalink_val_to_name;
  t->p_pcap_dispatch = pcap_dispatch;
  t->p_pcap_dump = pcap_dump;
  t->p_pcap_dump_close = pcap_dump_close;
  t->p_pcap_dump_file = pcap_dump_file;
  t->p_pcap_dump_flush = pcap_dump_flush;
  t->p_pcap_dump_fopen = pcap_dump_fopen;
  t->p_pcap_dump_ftell = pcap_dump_ftell;
  t->p_pcap_dump_ftell64 = pcap_dump_ftell64;
  t->p_pcap_dump_open = pcap_dump_open;
  t->p_pcap_dump_open_append = pcap_dump_open_append;
  t->p_pcap_ether_aton = pcap_ether_aton;
  t->p_pcap_ether_hostton = pcap_ether_hostton;
  t->p_pcap_file = pcap_file;
  t->p_pcap_fileno = pcap_fileno;
  t->p_pcap_findalldevs = pcap_findalldevs;
  t->p_pcap_findalldevs_ex = pcap_findalldevs_ex;
  t->p_pcap_fopen_offline = pcap_fopen_offline;
  t->p_pcap_fopen_offline_with_tstamp_precision = pcap_fopen_offline_with_tstamp_precision;
  t->p_pcap_free_datalinks = pcap_free_datalinks;
  t->p_pcap_free_tstamp_types = pcap_free_tstamp_types;
  t->p_pcap_freealldevs = pcap_freealldevs;
  t->p_pcap_freecode = pcap_freecode;
  t->p_pcap_get_required_select_timeout = pcap_get_required_select_timeout;
  t->p_pcap_get_selectable_fd = pcap_get_selectable_fd;
  t->p_pcap_get_tstamp_precision = pcap_get_tstamp_precision;
  t->p_pcap_geterr = pcap_geterr;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_getevent = pcap_getevent;
#endif
  t->p_pcap_getnonblock = pcap_getnonblock;
  t->p_pcap_init = pcap_init;
  t->p_pcap_inject = pcap_inject;
  t->p_pcap_is_swapped = pcap_is_swapped;
  t->p_pcap_lib_version = pcap_lib_version;
  t->p_pcap_list_datalinks = pcap_list_datalinks;
  t->p_pcap_list_tstamp_types = pcap_list_tstamp_types;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_live_dump = pcap_live_dump;
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_live_dump_ended = pcap_live_dump_ended;
#endif
  t->p_pcap_lookupdev = pcap_lookupdev;
  t->p_pcap_lookupnet = pcap_lookupnet;
  t->p_pcap_loop = pcap_loop;
  t->p_pcap_major_version = pcap_major_version;
  t->p_pcap_minor_version = pcap_minor_version;
  t->p_pcap_nametoaddr = pcap_nametoaddr;
  t->p_pcap_nametoaddrinfo = pcap_nametoaddrinfo;
  t->p_pcap_nametoeproto = pcap_nametoeproto;
  t->p_pcap_nametollc = pcap_nametollc;
  t->p_pcap_nametonetaddr = pcap_nametonetaddr;
  t->p_pcap_nametoport = pcap_nametoport;
  t->p_pcap_nametoportrange = pcap_nametoportrange;
  t->p_pcap_nametoproto = pcap_nametoproto;
  t->p_pcap_next = pcap_next;
  t->p_pcap_next_etherent = pcap_next_etherent;
  t->p_pcap_next_ex = pcap_next_ex;
  t->p_pcap_offline_filter = pcap_offline_filter;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_oid_get_request = pcap_oid_get_request;
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_oid_set_request = pcap_oid_set_request;
#endif
  t->p_pcap_open = pcap_open;
  t->p_pcap_open_dead = pcap_open_dead;
  t->p_pcap_open_dead_with_tstamp_precision = pcap_open_dead_with_tstamp_precision;
  t->p_pcap_open_live = pcap_open_live;
  t->p_pcap_open_offline = pcap_open_offline;
  t->p_pcap_open_offline_with_tstamp_precision = pcap_open_offline_with_tstamp_precision;
  t->p_pcap_parsesrcstr = pcap_parsesrcstr;
  t->p_pcap_perror = pcap_perror;
  t->p_pcap_remoteact_accept = pcap_remoteact_accept;
  t->p_pcap_remoteact_accept_ex = pcap_remoteact_accept_ex;
  t->p_pcap_remoteact_cleanup = pcap_remoteact_cleanup;
  t->p_pcap_remoteact_close = pcap_remoteact_close;
  t->p_pcap_remoteact_list = pcap_remoteact_list;
  t->p_pcap_sendpacket = pcap_sendpacket;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_sendqueue_alloc = pcap_sendqueue_alloc;
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_sendqueue_destroy = pcap_sendqueue_destroy;
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_sendqueue_queue = pcap_sendqueue_queue;
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_sendqueue_transmit = pcap_sendqueue_transmit;
#endif
  t->p_pcap_set_buffer_size = pcap_set_buffer_size;
  t->p_pcap_set_datalink = pcap_set_datalink;
  t->p_pcap_set_immediate_mode = pcap_set_immediate_mode;
  t->p_pcap_set_promisc = pcap_set_promisc;
  t->p_pcap_set_protocol_linux = pcap_set_protocol_linux;
  t->p_pcap_set_rfmon = pcap_set_rfmon;
  t->p_pcap_set_snaplen = pcap_set_snaplen;
  t->p_pcap_set_timeout = pcap_set_timeout;
  t->p_pcap_set_tstamp_precision = pcap_set_tstamp_precision;
  t->p_pcap_set_tstamp_type = pcap_set_tstamp_type;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_setbuff = pcap_setbuff;
#endif
  t->p_pcap_setdirection = pcap_setdirection;
  t->p_pcap_setfilter = pcap_setfilter;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_setmintocopy = pcap_setmintocopy;
#endif
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_setmode = pcap_setmode;
#endif
  t->p_pcap_setnonblock = pcap_setnonblock;
  t->p_pcap_setsampling = pcap_setsampling;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_setuserbuffer = pcap_setuserbuffer;
#endif
  t->p_pcap_snapshot = pcap_snapshot;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_start_oem = pcap_start_oem;
#endif
  t->p_pcap_stats = pcap_stats;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
  t->p_pcap_stats_ex = pcap_stats_ex;
#endif
  t->p_pcap_statustostr = pcap_statustostr;
  t->p_pcap_strerror = pcap_strerror;
  t->p_pcap_tstamp_type_name_to_val = pcap_tstamp_type_name_to_val;
  t->p_pcap_tstamp_type_val_to_description = pcap_tstamp_type_val_to_description;
  t->p_pcap_tstamp_type_val_to_name = pcap_tstamp_type_val_to_name;
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* A classic BPF program built with the public macros: accept IPv4, drop the rest. */
unsigned probe_filter_length(void);
unsigned probe_filter_length(void)
{
	static struct bpf_insn insns[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0800, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 262144),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct bpf_program prog;
	prog.bf_len = (u_int)(sizeof insns / sizeof insns[0]);
	prog.bf_insns = insns;
	return prog.bf_len + BPF_CLASS(insns[0].code) + BPF_MEMWORDS;
}

/* The public structs and constants, used the way clients use them. */
int probe_structs(const u_char *packet, const struct pcap_pkthdr *h);
int probe_structs(const u_char *packet, const struct pcap_pkthdr *h)
{
	struct pcap_file_header fh;
	struct pcap_stat st;
	struct pcap_etherent ent;
	struct sll_header sll;
	struct sll2_header sll2;
	struct vlan_tag tag;
	pcap_usb_header_mmapped usb;
	usb_isodesc iso;
	pcap_can_socketcan_hdr can;
	nflog_hdr_t nfl;
	nflog_tlv_t tlv;
	nflog_packet_hdr_t nph;
	nflog_hwaddr_t hw;
	nflog_timestamp_t ts;
	pcap_bluetooth_h4_header h4;
	pcap_bluetooth_linux_monitor_header mon;
	struct pcap_rmtauth auth;
	struct pcap_samp samp;
	pcap_if_t *ifs = NULL;
	pcap_addr_t *addrs = NULL;
	pcap_direction_t dir = PCAP_D_INOUT;
	SOCKET sock = INVALID_SOCKET;
	int sum = 0;

	memset(&fh, 0, sizeof fh);
	fh.magic = 0xa1b2c3d4;
	fh.version_major = PCAP_VERSION_MAJOR;
	fh.version_minor = PCAP_VERSION_MINOR;
	fh.linktype = (bpf_u_int32)LT_FCS_DATALINK_EXT(4) | DLT_EN10MB;
	memset(&st, 0, sizeof st);
	memset(&ent, 0, sizeof ent);
	memcpy(&sll, packet, SLL_HDR_LEN);
	memcpy(&sll2, packet, SLL2_HDR_LEN);
	memcpy(&tag, packet, VLAN_TAG_LEN);
	memcpy(&usb, packet, sizeof usb);
	memcpy(&iso, packet, sizeof iso);
	memcpy(&can, packet, sizeof can);
	memcpy(&nfl, packet, sizeof nfl);
	memcpy(&tlv, packet, sizeof tlv);
	memcpy(&nph, packet, sizeof nph);
	memcpy(&hw, packet, sizeof hw);
	memcpy(&ts, packet, sizeof ts);
	memcpy(&h4, packet, sizeof h4);
	memcpy(&mon, packet, sizeof mon);
	auth.type = RPCAP_RMTAUTH_PWD;
	auth.username = NULL;
	auth.password = NULL;
	samp.method = PCAP_SAMP_1_EVERY_N;
	samp.value = 10;

	sum += (int)h->caplen + (int)h->len + (int)h->ts.tv_sec + (int)fh.linktype;
	sum += (int)st.ps_recv + (int)st.ps_drop + (int)st.ps_ifdrop + ent.addr[0] + ent.name[0];
	sum += sll.sll_pkttype == LINUX_SLL_OUTGOING ? 1 : 0;
	sum += sll2.sll2_pkttype == LINUX_SLL_HOST ? 1 : 0;
	sum += sll.sll_protocol == LINUX_SLL_P_CANFD ? 1 : 0;
	sum += tag.vlan_tci + usb.s.iso.numdesc + (usb.event_type == URB_SUBMIT) + (usb.transfer_type == URB_BULK);
	sum += (int)iso.len + (can.fd_flags & CANFD_FDF) + nfl.nflog_family + tlv.tlv_type + nph.hook;
	sum += hw.hw_addrlen + (int)ts.sec + (int)h4.direction + mon.opcode + auth.type + samp.value;
	sum += (ifs != NULL && (ifs->flags & PCAP_IF_LOOPBACK)) ? 1 : 0;
	sum += (addrs != NULL && addrs->addr != NULL) ? 1 : 0;
	sum += dir == PCAP_D_OUT ? IPNET_OUTBOUND : IPH_AF_INET6;
	sum += sock == INVALID_SOCKET ? PCAP_ERROR : PCAP_WARNING;
	sum += PCAP_ERRBUF_SIZE + PCAP_TSTAMP_HOST_HIPREC_UNSYNCED + PCAP_TSTAMP_PRECISION_NANO + PROTO_UNDEF;
	sum += PCAP_ERROR_TSTAMP_PRECISION_NOTSUP + PCAP_WARNING_TSTAMP_TYPE_NOTSUP + NFULA_HWLEN;
	sum += DLT_LINUX_SLL2 + DLT_IEEE802_15_4 + DLT_CHDLC + DLT_MATCHING_MAX + DLT_IS_NETBSD_RAWAF(DLT_NETBSD_RAWAF(2));
	sum += (int)(PCAP_CHAR_ENC_UTF_8 + PCAP_NETMASK_UNKNOWN) + PCAP_OPENFLAG_PROMISCUOUS + PCAP_SRC_IFREMOTE;
	sum += (int)sizeof(PCAP_ETHERS_FILE) + (int)sizeof(PCAP_SRC_IF_STRING) + PCAP_BUF_SIZE;
#ifndef WPCAP_PROBE_LIBPCAP_ONLY
	{
		/* Npcap's additions. */
		struct pcap_send_queue q;
		pcap_event_t ev = 0;
		q.maxlen = 0;
		q.len = 0;
		q.buffer = NULL;
		sum += (int)q.maxlen + ev + MODE_CAPT + MODE_STAT + MODE_MON + (int)st.ps_capt + (int)st.ps_netdrop;
	}
#endif
	return sum;
}

/* A pcap_handler, as passed to pcap_loop(). */
void probe_handler(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes);
void probe_handler(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	pcap_handler handler = probe_handler;
	(void)handler;
	if (user != NULL && h->caplen > 0)
		pcap_dump(user, h, bytes);
}

#ifdef __cplusplus
/* C++ clients see the same names with C linkage. */
extern "C++" int probe_cxx_only();
int probe_cxx_only() { return pcap_datalink_name_to_val("EN10MB") == DLT_EN10MB ? 0 : 1; }
#endif
