/*
 * Agreement statistics on one nominal variable, from sums over units.
 *
 * Counts are kept as integers wherever the statistic's terms are integers,
 * so that "undefined" (a zero denominator) is decided exactly; only
 * Krippendorff's coincidences (fractions 1 / (m_u - 1)) and Gwet's per-unit
 * agreement are kept as doubles.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree.h"
#include "tx.h"

/* Tables of every pair of coders, and of codes: bounded, so that many
 * coders or a wide domain are an error, not a machine's memory. */
void
agree_check_size(int ncoder, int ncat, const char *domain)
{
	if (ncoder > AGREE_MAX_CODERS)
		tx_die(EXIT_DATA, NULL, 0, "%d coders: agreement is kept for "
		    "each pair of coders, and more than %d coders make too many "
		    "pairs; compare fewer coders at a time (grep, awk)", ncoder,
		    AGREE_MAX_CODERS);
	if (ncat > AGREE_MAX_CODERS + 1 && domain != NULL)
		tx_die(EXIT_DATA, NULL, 0, "--domain \"%s\": %d codes: "
		    "agreement is kept for each pair of its codes, and more than "
		    "%d codes make too many pairs; give a narrower --domain",
		    domain, ncat - 1, AGREE_MAX_CODERS);
	if (ncat > AGREE_MAX_CODERS + 1)
		tx_die(EXIT_DATA, NULL, 0, "a domain of %d codes: agreement is "
		    "kept for each pair of its codes, and more than %d codes make "
		    "too many pairs; give a narrower --domain", ncat - 1,
		    AGREE_MAX_CODERS);
}

void
agree_init(struct agree *a, int ncoder, int ncat, int reference)
{
	size_t nc = (size_t)ncoder, nk = (size_t)ncat;

	agree_check_size(ncoder, ncat, NULL);
	memset(a, 0, sizeof(*a));
	a->ncoder = ncoder;
	a->ncat = ncat;
	a->reference = reference;
	a->cohen = xcalloc(nk * nk, sizeof(*a->cohen));
	a->fleiss_n = xcalloc(nk, sizeof(*a->fleiss_n));
	a->coinc = xcalloc(nk * nk, sizeof(*a->coinc));
	a->kr_n = xcalloc(nk, sizeof(*a->kr_n));
	a->pair_n = xcalloc(nc * nc, sizeof(*a->pair_n));
	a->pair_agree = xcalloc(nc * nc, sizeof(*a->pair_agree));
	a->tp = xcalloc(nc, sizeof(*a->tp));
	a->fp = xcalloc(nc, sizeof(*a->fp));
	a->fn = xcalloc(nc, sizeof(*a->fn));
	a->count = xcalloc(nk, sizeof(*a->count));
	a->cats = xcalloc(nk, sizeof(*a->cats));
}

void
agree_free(struct agree *a)
{
	free(a->cohen);
	free(a->fleiss_n);
	free(a->coinc);
	free(a->kr_n);
	free(a->pair_n);
	free(a->pair_agree);
	free(a->tp);
	free(a->fp);
	free(a->fn);
	free(a->count);
	free(a->cats);
}

/* The unit's pairs: Gwet's p_a, Krippendorff's coincidences, the pairs
 * of coders. a->count holds the unit's values by category, a->cats its
 * nd distinct categories. */
static void
add_pairs(struct agree *a, const int *coder, const int *value, int m, int nd,
    int sign)
{
	double agreeing = 0;

	for (int i = 0; i < nd; i++) {
		int c = a->cats[i];
		long nc = a->count[c];

		agreeing += (double)nc * (nc - 1);
		a->kr_n[c] += sign * nc;
		for (int j = 0; j < nd; j++) {
			int k = a->cats[j];
			double o = k == c ? (double)nc * (nc - 1) :
			    (double)nc * a->count[k];

			a->coinc[(size_t)c * a->ncat + k] += sign * o / (m - 1);
		}
	}
	a->units += sign;
	a->pa_sum += sign * agreeing / ((double)m * (m - 1));
	for (int i = 0; i < m; i++)
		for (int j = i + 1; j < m; j++) {
			size_t p = (size_t)coder[i] * a->ncoder + coder[j];

			a->pair_n[p] += sign;
			if (value[i] == value[j])
				a->pair_agree[p] += sign;
		}
}

/* Each coder against the reference, where the reference judged the unit. */
static void
add_reference(struct agree *a, const int *coder, const int *value, int m,
    int sign)
{
	int r = -1;

	for (int i = 0; i < m; i++)
		if (coder[i] == a->reference)
			r = value[i];
	if (r < 0)
		return;
	for (int i = 0; i < m; i++) {
		int c = coder[i], v = value[i];

		if (c == a->reference)
			continue;
		if (v != 0 && v == r)
			a->tp[c] += sign;
		else {
			if (v != 0)
				a->fp[c] += sign;
			if (r != 0)
				a->fn[c] += sign;
		}
	}
}

void
agree_add(struct agree *a, const int *coder, const int *value, int m, int sign)
{
	int nd = 0;

	if (m == 0)
		return;
	for (int i = 0; i < m; i++)
		if (a->count[value[i]]++ == 0)
			a->cats[nd++] = value[i];
	if (m >= 2)
		add_pairs(a, coder, value, m, nd, sign);
	if (a->ncoder == 2 && m == 2)
		a->cohen[(size_t)value[0] * a->ncat + value[1]] += sign;
	if (m == a->ncoder) {
		a->complete += sign;
		for (int i = 0; i < nd; i++) {
			long nc = a->count[a->cats[i]];

			a->fleiss_n[a->cats[i]] += sign * nc;
			a->fleiss_sq += sign * nc * nc;
		}
	}
	if (a->reference >= 0)
		add_reference(a, coder, value, m, sign);
	for (int i = 0; i < m; i++)
		a->count[value[i]] = 0;
}

void
agree_sum(struct agree *dst, const struct agree *src)
{
	size_t nc = (size_t)src->ncoder, nk = (size_t)src->ncat;

	dst->units += src->units;
	dst->pa_sum += src->pa_sum;
	dst->complete += src->complete;
	dst->fleiss_sq += src->fleiss_sq;
	for (size_t i = 0; i < nk * nk; i++) {
		dst->cohen[i] += src->cohen[i];
		dst->coinc[i] += src->coinc[i];
	}
	for (size_t k = 0; k < nk; k++) {
		dst->fleiss_n[k] += src->fleiss_n[k];
		dst->kr_n[k] += src->kr_n[k];
	}
	for (size_t i = 0; i < nc * nc; i++) {
		dst->pair_n[i] += src->pair_n[i];
		dst->pair_agree[i] += src->pair_agree[i];
	}
	for (size_t c = 0; c < nc; c++) {
		dst->tp[c] += src->tp[c];
		dst->fp[c] += src->fp[c];
		dst->fn[c] += src->fn[c];
	}
}

double
agree_percent(const struct agree *a)
{
	double sum = 0;
	int pairs = 0;

	for (int i = 0; i < a->ncoder; i++)
		for (int j = i + 1; j < a->ncoder; j++) {
			size_t p = (size_t)i * a->ncoder + j;

			if (a->pair_n[p] > 0) {
				sum += (double)a->pair_agree[p] / a->pair_n[p];
				pairs++;
			}
		}
	return pairs ? 100 * sum / pairs : NAN;
}

/* Two coders' table: its units, its diagonal, and the sum of the products
 * of the margins. */
static void
cohen_sums(const struct agree *a, double *n, double *diag, double *margins)
{
	int k = a->ncat;

	*n = *diag = *margins = 0;
	for (int i = 0; i < k; i++) {
		double row = 0, col = 0;

		for (int j = 0; j < k; j++) {
			row += a->cohen[i * k + j];
			col += a->cohen[j * k + i];
		}
		*n += row;
		*diag += a->cohen[i * k + i];
		*margins += row * col;
	}
}

/*
 * Cohen (1960): (p_o - p_e) / (1 - p_e), p_e from each coder's own
 * margins; as (N d - s) / (N^2 - s) with d the diagonal and s the sum of
 * the products of the margins, integers, so that 1 - p_e = 0 is exact.
 */
double
agree_cohen(const struct agree *a)
{
	double n, diag, margins;

	if (a->ncoder != 2)
		return NAN;
	cohen_sums(a, &n, &diag, &margins);
	if (n == 0 || n * n == margins)
		return NAN;
	return (n * diag - margins) / (n * n - margins);
}

void
agree_pool_add(struct agree_pool *p, const struct agree *a)
{
	double n, diag, margins;

	if (a->ncoder != 2)
		return;
	cohen_sums(a, &n, &diag, &margins);
	if (n == 0)
		return;
	p->po += diag / n;
	p->pe += margins / (n * n);
	p->n++;
}

double
agree_pool_kappa(const struct agree_pool *p)
{
	double po, pe;

	if (p->n == 0)
		return NAN;
	po = p->po / p->n;
	pe = p->pe / p->n;
	return pe >= 1 ? NAN : (po - pe) / (1 - pe);
}

/*
 * Fleiss (1971), over the units every coder judged: n coders, N units,
 * P = (sum n_uk^2 - N n) / (N n (n - 1)), P_e = sum_k p_k^2.
 */
double
agree_fleiss(const struct agree *a)
{
	double n = a->ncoder, units = a->complete, total = units * n;
	double sq = 0, p, pe;

	if (a->complete == 0 || a->ncoder < 2)
		return NAN;
	for (int k = 0; k < a->ncat; k++)
		sq += (double)a->fleiss_n[k] * a->fleiss_n[k];
	if (sq == total * total)
		return NAN;
	p = ((double)a->fleiss_sq - total) / (total * (n - 1));
	pe = sq / (total * total);
	return (p - pe) / (1 - pe);
}

/*
 * Krippendorff (2011), nominal: 1 - (n - 1) sum_{c != k} o_ck /
 * sum_{c != k} n_c n_k over the coincidences of the pairable values.
 */
double
agree_alpha(const struct agree *a)
{
	double n = 0, sq = 0, diag = 0;

	for (int c = 0; c < a->ncat; c++) {
		n += a->kr_n[c];
		sq += (double)a->kr_n[c] * a->kr_n[c];
		diag += a->coinc[c * a->ncat + c];
	}
	if (n < 2 || n * n == sq)
		return NAN;
	return 1 - (n - 1) * (n - diag) / (n * n - sq);
}

/*
 * Brennan and Prediger (1981), as Gwet (2014) extends it to any number of
 * coders and missing values: (p_a - 1/q) / (1 - 1/q), p_a the mean over
 * units with two or more values of the share of the unit's pairs of
 * values that agree.
 */
double
agree_bp(const struct agree *a, int q)
{
	double pa;

	if (a->units == 0 || q < 2)
		return NAN;
	pa = a->pa_sum / a->units;
	return (pa - 1.0 / q) / (1 - 1.0 / q);
}

double
agree_precision(const struct agree *a, int c)
{
	long d = a->tp[c] + a->fp[c];

	return d ? (double)a->tp[c] / d : NAN;
}

double
agree_recall(const struct agree *a, int c)
{
	long d = a->tp[c] + a->fn[c];

	return d ? (double)a->tp[c] / d : NAN;
}

double
agree_f1(const struct agree *a, int c)
{
	long d = 2 * a->tp[c] + a->fp[c] + a->fn[c];

	return d ? 2.0 * a->tp[c] / d : NAN;
}
