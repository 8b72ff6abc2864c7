/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * version.c -- qi's version, from build/version.h (cmake/version.cmake):
 * the release's VERSION file, or the base version and the git commit.
 * Kept in its own file so that a new commit rebuilds only this one.
 */
#include "base.h"
#include "version.h"

const char *
qi_version(void)
{
	return QI_VERSION;
}
