/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * layer_main.c -- the program each stage's library is linked into alone
 * (CMakeLists.txt, qi_layer_STAGE): it calls nothing; linking it proves
 * that the stage needs only the stages below it.
 */
int
main(void)
{
	return 0;
}
