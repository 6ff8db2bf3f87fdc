/*
 * pcap/socket.h - the socket type used by the remote-capture API (wpcap).
 * On Linux a socket is a file descriptor.
 */
#ifndef lib_pcap_socket_h
#define lib_pcap_socket_h

#include <sys/types.h>
#include <sys/socket.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define PCAP_SOCKET int
#define PCAP_INVALID_SOCKET -1

/* Older names, kept for source compatibility. */
#ifndef SOCKET
  #define SOCKET int
#endif
#ifndef INVALID_SOCKET
  #define INVALID_SOCKET -1
#endif

#endif /* lib_pcap_socket_h */
