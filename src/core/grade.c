/*
 * grade.c — the 5-grade assessment rules (see grade.h and docs/assess.md).
 *
 * Each rule adds points for one indicator; the score's position among the
 * thresholds grade_at[] gives the grade.  Every rule is non-decreasing in
 * its indicator (more incidents, more severe incidents, a stronger rising
 * trend, more hot cells never lower the score), so the grade is monotone.
 */
#include "core/grade.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void
grade_rules_default(GradeRules *r)
{
	r->min_count = 5;
	r->excess_alpha = 0.05;
	r->excess_alpha_high = 0.01;
	r->excess_ratio_high = 2.0;
	r->excess_points = 1;
	r->excess_high_points = 2;
	r->trend_alpha = 0.10;
	r->trend_points = 2;
	r->severe_one = 1;
	r->severe_one_points = 2;
	r->severe_many = 3;
	r->severe_many_points = 3;
	r->hot_one = 1;
	r->hot_one_points = 2;
	r->hot_many = 3;
	r->hot_many_points = 3;
	r->emerging_points = 1;
	r->survey_threshold = NAN;	/* scales differ between surveys: off unless set */
	r->survey_points = 1;
	r->coverage_min = 0.5;
	r->grade_at[0] = 1;
	r->grade_at[1] = 2;
	r->grade_at[2] = 3;
	r->grade_at[3] = 7;
}

static bool
is_prob(double p)
{
	return p > 0 && p < 1;
}

static bool
is_amount(double x)
{
	return isfinite(x) && x >= 0;
}

const char *
grade_rules_check(const GradeRules *r)
{
	int			i;

	if (!is_amount(r->min_count))
		return "min_count must be a finite number >= 0";
	if (!is_prob(r->excess_alpha) || !is_prob(r->excess_alpha_high) || !is_prob(r->trend_alpha))
		return "excess_alpha, excess_alpha_high and trend_alpha must lie strictly between 0 and 1";
	if (r->excess_alpha_high > r->excess_alpha)
		return "excess_alpha_high must not exceed excess_alpha";
	if (!is_amount(r->excess_ratio_high) || r->excess_ratio_high < 1)
		return "excess_ratio_high must be a finite number >= 1";
	if (!is_amount(r->excess_points) || !is_amount(r->excess_high_points) ||
		!is_amount(r->trend_points) || !is_amount(r->severe_one_points) ||
		!is_amount(r->severe_many_points) || !is_amount(r->hot_one_points) ||
		!is_amount(r->hot_many_points) || !is_amount(r->emerging_points) ||
		!is_amount(r->survey_points))
		return "points must be finite numbers >= 0";
	if (r->excess_high_points < r->excess_points || r->severe_many_points < r->severe_one_points ||
		r->hot_many_points < r->hot_one_points)
		return "a stronger tier must give at least the points of the weaker one";
	if (!is_amount(r->severe_one) || r->severe_one < 1 || !is_amount(r->severe_many) ||
		r->severe_many < r->severe_one || !is_amount(r->hot_one) || r->hot_one < 1 ||
		!is_amount(r->hot_many) || r->hot_many < r->hot_one)
		return "count thresholds must be >= 1 and the 'many' tier at least the 'one' tier";
	if (!isnan(r->survey_threshold) && !isfinite(r->survey_threshold))
		return "survey_threshold must be a finite number (or absent to switch it off)";
	if (!(r->coverage_min >= 0 && r->coverage_min <= 1))
		return "coverage_min must lie between 0 and 1";
	for (i = 0; i < 4; i++)
	{
		if (!isfinite(r->grade_at[i]) || r->grade_at[i] <= 0)
			return "grade thresholds must be finite numbers > 0";
		if (i > 0 && r->grade_at[i] <= r->grade_at[i - 1])
			return "grade thresholds must increase from grade 2 to grade 5";
	}
	return NULL;
}

const char *
grade_input_check(const GradeInput *in)
{
	if (!is_amount(in->observed))
		return "observed must be a finite number >= 0";
	if (!isnan(in->expected) && !is_amount(in->expected))
		return "expected must be a finite number >= 0";
	if (!isnan(in->rate_p) && !(in->rate_p >= 0 && in->rate_p <= 1))
		return "rate_p must lie between 0 and 1";
	if (!isnan(in->trend_p) && !(in->trend_p >= 0 && in->trend_p <= 1))
		return "trend_p must lie between 0 and 1";
	if (!isnan(in->trend_z) && !isfinite(in->trend_z))
		return "trend_z must be finite";
	if (isnan(in->trend_z) != isnan(in->trend_p))
		return "trend_z and trend_p go together: give both or neither";
	if (in->severe < 0)
		return "severe must be >= 0";
	if (in->hot_cells < -1 || in->emerging_hot < -1)
		return "hot_cells and emerging_hot must be >= 0 (or missing)";
	if (!isnan(in->coverage) && !(in->coverage >= 0 && in->coverage <= 1))
		return "coverage must lie between 0 and 1";
	if (!isnan(in->survey) && !isfinite(in->survey))
		return "survey must be finite";
	return NULL;
}

/* confidence each caveat costs */
#define COST_NO_BASELINE	0.25
#define COST_SMALL_COUNT	0.10
#define COST_NO_TREND		0.15
#define COST_NO_COVERAGE	0.10
#define COST_LOW_COVERAGE	0.25
#define COST_NO_HOTSPOTS	0.10
#define COST_NO_SURVEY		0.05

static void
add(GradeResult *out, GradeReasonCode code, double points, double value,
	double threshold, double cost)
{
	GradeReason *r = &out->reasons[out->nreasons++];

	r->code = code;
	r->points = points;
	r->value = value;
	r->threshold = threshold;
	r->confidence_cost = cost;
	out->score += points;
	out->confidence -= cost;
}

void
grade_assess(const GradeInput *in, const GradeRules *r, GradeResult *out)
{
	int			i;

	memset(out, 0, sizeof(*out));
	out->confidence = 1.0;

	/* more incidents than expected, judged only above the small-count guard */
	if (isnan(in->expected) || isnan(in->rate_p))
		add(out, GR_NO_BASELINE, 0, NAN, NAN, COST_NO_BASELINE);
	else if (in->observed < r->min_count)
		add(out, GR_SMALL_COUNT, 0, in->observed, r->min_count, COST_SMALL_COUNT);
	else if (in->rate_p < r->excess_alpha_high &&
			 in->observed >= r->excess_ratio_high * in->expected)
		add(out, GR_EXCESS_HIGH, r->excess_high_points, in->observed, in->expected, 0);
	else if (in->rate_p < r->excess_alpha)
		add(out, GR_EXCESS, r->excess_points, in->observed, in->expected, 0);

	/* a rising trend over the recent cycles */
	if (isnan(in->trend_z))
		add(out, GR_NO_TREND, 0, NAN, NAN, COST_NO_TREND);
	else if (in->trend_z > 0 && in->trend_p < r->trend_alpha)
		add(out, GR_TREND_UP, r->trend_points, in->trend_z, r->trend_alpha, 0);

	/* serious incidents */
	if (in->severe >= r->severe_many)
		add(out, GR_SEVERE_MANY, r->severe_many_points, in->severe, r->severe_many, 0);
	else if (in->severe >= r->severe_one)
		add(out, GR_SEVERE_ONE, r->severe_one_points, in->severe, r->severe_one, 0);

	/* hot spots */
	if (in->hot_cells < 0)
		add(out, GR_NO_HOTSPOTS, 0, NAN, NAN, COST_NO_HOTSPOTS);
	else if (in->hot_cells >= r->hot_many)
		add(out, GR_HOT_MANY, r->hot_many_points, in->hot_cells, r->hot_many, 0);
	else if (in->hot_cells >= r->hot_one)
		add(out, GR_HOT_ONE, r->hot_one_points, in->hot_cells, r->hot_one, 0);
	if (in->emerging_hot >= 1)
		add(out, GR_EMERGING, r->emerging_points, in->emerging_hot, 1, 0);

	/* the latest safety survey, when the municipality has set a threshold */
	if (!isnan(r->survey_threshold))
	{
		if (isnan(in->survey))
			add(out, GR_NO_SURVEY, 0, NAN, r->survey_threshold, COST_NO_SURVEY);
		else if (in->survey >= r->survey_threshold)
			add(out, GR_SURVEY, r->survey_points, in->survey, r->survey_threshold, 0);
	}

	/* reporter coverage: a caveat, never a reason for calm */
	if (isnan(in->coverage))
		add(out, GR_NO_COVERAGE, 0, NAN, r->coverage_min, COST_NO_COVERAGE);
	else if (in->coverage < r->coverage_min)
		add(out, GR_LOW_COVERAGE, 0, in->coverage, r->coverage_min, COST_LOW_COVERAGE);

	out->grade = 1;
	for (i = 0; i < 4; i++)
		if (out->score >= r->grade_at[i])
			out->grade = i + 2;
	if (out->confidence < 0)
		out->confidence = 0;
}

static const char *const reason_keys[GR_NCODES] = {
	"excess_high", "excess", "trend_up", "severe_many", "severe_one", "hot_many",
	"hot_one", "emerging", "survey", "small_count", "low_coverage", "no_baseline",
	"no_trend", "no_coverage", "no_hotspots", "no_survey"
};

const char *
grade_reason_key(GradeReasonCode code)
{
	if ((int) code < 0 || code >= GR_NCODES)
		return NULL;
	return reason_keys[code];
}

/* A number for a sentence: up to 4 significant digits, decimal comma in Swedish. */
static void
num(double x, bool sv, char *buf, int len)
{
	char	   *c;

	snprintf(buf, len, "%.4g", x);
	if (sv)
		for (c = buf; *c; c++)
			if (*c == '.')
				*c = ',';
}

static void
pval(double p, bool sv, char *buf, int len)
{
	if (p < 0.001)
		snprintf(buf, len, "< %s", sv ? "0,001" : "0.001");
	else
		num(p, sv, buf, len);
}

void
grade_reason_text(const GradeReason *r, const GradeInput *in, bool sv, char *buf, int buflen)
{
	char		a[32],
				b[32],
				c[32];

	switch (r->code)
	{
		case GR_EXCESS_HIGH:
		case GR_EXCESS:
			num(r->value, sv, a, sizeof a);
			num(r->threshold, sv, b, sizeof b);
			pval(in->rate_p, sv, c, sizeof c);
			if (r->code == GR_EXCESS_HIGH)
				snprintf(buf, buflen, sv ? "Klart fler händelser än normalt: %s (viktat) mot förväntat %s, p %s%s"
						 : "Clearly more incidents than normal: %s (weighted) against %s expected, p %s%s",
						 a, b, in->rate_p < 0.001 ? "" : "= ", c);
			else
				snprintf(buf, buflen, sv ? "Fler händelser än normalt: %s (viktat) mot förväntat %s, p %s%s"
						 : "More incidents than normal: %s (weighted) against %s expected, p %s%s",
						 a, b, in->rate_p < 0.001 ? "" : "= ", c);
			break;
		case GR_TREND_UP:
			num(in->trend_z, sv, a, sizeof a);
			pval(in->trend_p, sv, b, sizeof b);
			snprintf(buf, buflen, sv ? "Ökande trend de senaste cyklerna: Mann–Kendall z = %s, p %s%s"
					 : "Rising trend over recent cycles: Mann–Kendall z = %s, p %s%s",
					 a, in->trend_p < 0.001 ? "" : "= ", b);
			break;
		case GR_SEVERE_MANY:
		case GR_SEVERE_ONE:
			if (r->value == 1)
				snprintf(buf, buflen, sv ? "1 allvarlig händelse (allvarlighetsgrad 3)"
						 : "1 serious incident (severity 3)");
			else
				snprintf(buf, buflen, sv ? "%.0f allvarliga händelser (allvarlighetsgrad 3)"
						 : "%.0f serious incidents (severity 3)", r->value);
			break;
		case GR_HOT_MANY:
		case GR_HOT_ONE:
			if (r->value == 1)
				snprintf(buf, buflen, sv ? "1 aktiv het cell i området" : "1 active hot cell in the area");
			else
				snprintf(buf, buflen, sv ? "%.0f aktiva heta celler i området" : "%.0f active hot cells in the area",
						 r->value);
			break;
		case GR_EMERGING:
			if (r->value == 1)
				snprintf(buf, buflen, sv ? "1 plats med en ny, ihållande eller ökande het punkt"
						 : "1 place with a new, persistent or intensifying hot spot");
			else
				snprintf(buf, buflen, sv ? "%.0f platser med nya, ihållande eller ökande heta punkter"
						 : "%.0f places with new, persistent or intensifying hot spots", r->value);
			break;
		case GR_SURVEY:
			num(r->value, sv, a, sizeof a);
			num(r->threshold, sv, b, sizeof b);
			snprintf(buf, buflen, sv ? "Trygghetsmätningen visar %s (gräns %s)"
					 : "The safety survey shows %s (threshold %s)", a, b);
			break;
		case GR_SMALL_COUNT:
			num(r->value, sv, a, sizeof a);
			num(r->threshold, sv, b, sizeof b);
			snprintf(buf, buflen, sv ? "Få händelser (%s viktat, under %s): förändringen bedöms inte"
					 : "Few incidents (%s weighted, below %s): the change is not judged", a, b);
			break;
		case GR_LOW_COVERAGE:
			num(100 * r->value, sv, a, sizeof a);
			num(100 * r->threshold, sv, b, sizeof b);
			snprintf(buf, buflen, sv ? "Låg rapporteringsgrad: %s %% av rapportörerna rapporterade (under %s %%); lugnt kan betyda tyst"
					 : "Low reporting coverage: %s %% of reporters reported (below %s %%); calm may mean silence", a, b);
			break;
		case GR_NO_BASELINE:
			snprintf(buf, buflen, sv ? "Ingen baslinje att jämföra med" : "No baseline to compare with");
			break;
		case GR_NO_TREND:
			snprintf(buf, buflen, sv ? "Ingen trend beräknad (för kort serie)" : "No trend computed (series too short)");
			break;
		case GR_NO_COVERAGE:
			snprintf(buf, buflen, sv ? "Rapporteringsgraden är okänd" : "Reporting coverage unknown");
			break;
		case GR_NO_HOTSPOTS:
			snprintf(buf, buflen, sv ? "Ingen hotspotanalys för cykeln" : "No hotspot analysis for the cycle");
			break;
		case GR_NO_SURVEY:
			snprintf(buf, buflen, sv ? "Inget värde från trygghetsmätningen" : "No safety survey value");
			break;
		default:
			snprintf(buf, buflen, "?");
	}
}
