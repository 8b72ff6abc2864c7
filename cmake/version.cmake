# SPDX-License-Identifier: GPL-3.0-or-later
# Writes OUT (a header defining QI_VERSION) from the release's VERSION
# file if the source tree has one, else from git: the base version and
# the commit, "0.1.0+g1a2b3c4d5e6f", "-dirty" when the tree has changes.
# Rewritten only when the text changes, so that nothing rebuilds needlessly.
# Run as: cmake -DSRC=... -DOUT=... -DBASE=... -P version.cmake
if(EXISTS "${SRC}/VERSION")
	file(STRINGS "${SRC}/VERSION" v LIMIT_COUNT 1)
else()
	set(v "${BASE}")
	execute_process(COMMAND git -C "${SRC}" describe --tags --match "v[0-9]*"
		--dirty OUTPUT_VARIABLE tag RESULT_VARIABLE rc ERROR_QUIET
		OUTPUT_STRIP_TRAILING_WHITESPACE)
	if(rc EQUAL 0)
		string(REGEX REPLACE "^v" "" v "${tag}")
	else()
		execute_process(COMMAND git -C "${SRC}" rev-parse --short=12 HEAD
			OUTPUT_VARIABLE commit RESULT_VARIABLE rc ERROR_QUIET
			OUTPUT_STRIP_TRAILING_WHITESPACE)
		if(rc EQUAL 0)
			set(v "${BASE}+g${commit}")
			execute_process(COMMAND git -C "${SRC}" status --porcelain
				--untracked-files=no OUTPUT_VARIABLE dirty ERROR_QUIET)
			if(NOT dirty STREQUAL "")
				set(v "${v}-dirty")
			endif()
		endif()
	endif()
endif()
set(text "/* Made by cmake/version.cmake at build time. */\n#define QI_VERSION \"${v}\"\n")
if(EXISTS "${OUT}")
	file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
	file(WRITE "${OUT}" "${text}")
endif()
