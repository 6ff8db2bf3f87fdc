# install.cmake - what `cmake --install` puts where: headers, libraries,
# pkg-config files, a CMake package config and the pcap-config script.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS wpcap_shared pcap_dropin wpcap_static
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_BINARY_DIR}/libpcap.so.1 DESTINATION ${CMAKE_INSTALL_LIBDIR})

set(prefix ${CMAKE_INSTALL_PREFIX})
set(libdir ${CMAKE_INSTALL_FULL_LIBDIR})
set(includedir ${CMAKE_INSTALL_FULL_INCLUDEDIR})
configure_file(${CMAKE_SOURCE_DIR}/cmake/libpcap.pc.in ${CMAKE_BINARY_DIR}/libpcap.pc @ONLY)
configure_file(${CMAKE_SOURCE_DIR}/cmake/wpcap.pc.in ${CMAKE_BINARY_DIR}/wpcap.pc @ONLY)
configure_file(${CMAKE_SOURCE_DIR}/cmake/pcap-config.in ${CMAKE_BINARY_DIR}/pcap-config @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/libpcap.pc ${CMAKE_BINARY_DIR}/wpcap.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(PROGRAMS ${CMAKE_BINARY_DIR}/pcap-config DESTINATION ${CMAKE_INSTALL_BINDIR})

include(CMakePackageConfigHelpers)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/wpcapConfig.cmake.in
  ${CMAKE_BINARY_DIR}/wpcapConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/wpcap
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_LIBDIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/wpcapConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/wpcapConfig.cmake ${CMAKE_BINARY_DIR}/wpcapConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/wpcap)
