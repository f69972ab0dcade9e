# packaging.cmake — install rules for the manual page, the shell completions and the examples,
# and the CPack configuration of the Debian package. Included at the end of the top-level
# CMakeLists.txt, after every other install() rule (CPack packs what they install).
#
#   cmake --install BUILD [--prefix DIR]      binary, themes, man page, completions, examples
#   cd BUILD && cpack -G DEB                  sseadm_<version>-1_<arch>.deb (installs under /usr)
#
# For a package, configure the build with -DCMAKE_INSTALL_PREFIX=/usr (paths compiled into the
# binary, such as the translations' directory, must be where the package puts the files) and
# -DCMAKE_BUILD_TYPE=Release or RelWithDebInfo (CPack strips the binary either way).

include(GNUInstallDirs)
set(SSE_DEB_MAINTAINER "sseadm developers <maintainers@users.noreply.r-seed-6af43198.example>"
    CACHE STRING "Maintainer field of the Debian package: \"Name <email>\"")

# --- Manual page: compressed as Debian policy asks (man-db reads either form). ---------------
set(SSE_MAN_SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/doc/sseadm.1)
find_program(SSE_GZIP gzip)
if(SSE_GZIP)
  set(SSE_MAN_PAGE ${CMAKE_CURRENT_BINARY_DIR}/doc/sseadm.1.gz)
  add_custom_command(OUTPUT ${SSE_MAN_PAGE}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/doc
    # -n: no name or time stamp in the header, so the same page gives the same bytes.
    COMMAND ${SSE_GZIP} -9 -n -c ${SSE_MAN_SOURCE} > ${SSE_MAN_PAGE}
    DEPENDS ${SSE_MAN_SOURCE}
    COMMENT "Compressing the manual page"
    VERBATIM)
  add_custom_target(sseadm_man ALL DEPENDS ${SSE_MAN_PAGE})
else()
  set(SSE_MAN_PAGE ${SSE_MAN_SOURCE})
endif()
install(FILES ${SSE_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# --- Shell completions, where bash-completion and Debian's zsh look for them. ---------------
install(FILES completion/sseadm.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME sseadm)
# zsh: Debian's zsh searches /usr/share/zsh/vendor-completions (where packages go) and
# /usr/local/share/zsh/site-functions (local installs). The prefix is only known at install time
# (cmake --install --prefix, or CPack's /usr), so the choice is made then.
set(SSE_ZSH_COMPLETION ${CMAKE_CURRENT_SOURCE_DIR}/completion/_sseadm)
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(_sse_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions\")
  else()
    set(_sse_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/site-functions\")
  endif()
  file(INSTALL DESTINATION \"\${_sse_zsh_dir}\" TYPE FILE FILES \"${SSE_ZSH_COMPLETION}\")
")

# --- Annotated examples the manual page points to. -------------------------------------------
foreach(_example config.example policy.example)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_example})
    install(FILES ${_example} DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
  endif()
endforeach()

# --- Debian's per-package documents: the changelog, and the copyright once the project has a
# licence file (lintian: no-changelog, no-copyright-file). --------------------------------------
set(SSE_DEB_CHANGELOG ${CMAKE_CURRENT_BINARY_DIR}/doc/changelog.Debian)
string(TIMESTAMP _sse_deb_date "%a, %d %b %Y %H:%M:%S +0000" UTC)   # honours SOURCE_DATE_EPOCH
file(CONFIGURE OUTPUT ${SSE_DEB_CHANGELOG} @ONLY CONTENT
"sseadm (@PROJECT_VERSION@-1) unstable; urgency=medium

  * Built with CPack from the sseadm @PROJECT_VERSION@ sources.

 -- @SSE_DEB_MAINTAINER@  @_sse_deb_date@
")
if(SSE_GZIP)
  add_custom_command(OUTPUT ${SSE_DEB_CHANGELOG}.gz
    COMMAND ${SSE_GZIP} -9 -n -c ${SSE_DEB_CHANGELOG} > ${SSE_DEB_CHANGELOG}.gz
    DEPENDS ${SSE_DEB_CHANGELOG}
    VERBATIM)
  add_custom_target(sseadm_changelog ALL DEPENDS ${SSE_DEB_CHANGELOG}.gz)
  install(FILES ${SSE_DEB_CHANGELOG}.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
foreach(_licence LICENSE LICENSE.txt LICENSE.md COPYING)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_licence})
    install(FILES ${_licence} DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
    break()
  endif()
endforeach()

# --- CPack: the Debian package. ----------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sseadm)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "sseadm")
set(CPACK_PACKAGE_CONTACT "${SSE_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "terminal administrator for Alibaba Cloud OSS bucket encryption")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "sseadm: the .deb installs under /usr; for a package, configure with "
                 "-DCMAKE_INSTALL_PREFIX=/usr so the paths compiled into sseadm "
                 "(translations) are where the package puts the files")
endif()
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME sseadm)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # sseadm_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SSE_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared-library dependencies (libcurl, libncursesw, libconfig, libxml2, libssl, jansson,
# libc) come from dpkg-shlibdeps, with the versions the binary was actually linked against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# https endpoints are verified against the system's CA store.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
# The long description; CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY before it as the synopsis
# line, indents it, and turns the empty line into the " ." paragraph break.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"sseadm shows and changes the default server-side encryption of Alibaba
Cloud OSS buckets (AES256, KMS with its CMK and optional SM4 data
encryption, SM4, or none), one bucket or many at a time.

Run without a command it opens a keyboard-driven terminal interface whose
network traffic runs on a background thread; with a command (get, set,
remove, report, check, apply, undo, history) it is a scriptable tool with
table, TSV, CSV and JSON output. Every change is read back and recorded in
an audit log that can undo it.")

include(CPack)
