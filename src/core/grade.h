/*
 * grade.h — the 5-grade assessment of a locality for one cycle (pure C).
 *
 * The indicators of one locality × cycle go in; a suggested grade 1..5 comes
 * out with its score, a confidence and the reasons, each reason carrying the
 * indicator value that triggered it and the points it added.  The rules are
 * numbers a municipality can change (GradeRules); grade_rules_default() gives
 * the documented defaults (docs/assess.md).
 *
 * Missing indicators are NaN (or -1 for counts): they lower the confidence
 * and add a caveat, they are never read as zero.
 */
#ifndef EST_CORE_GRADE_H
#define EST_CORE_GRADE_H

#include <stdbool.h>

typedef struct GradeInput
{
	double		observed;		/* severity-weighted incidents this cycle (>= 0) */
	double		expected;		/* baseline expectation for the cycle; NaN = missing */
	double		rate_p;			/* one-sided p of "more than expected"; NaN = missing */
	double		trend_z;		/* Mann-Kendall z over recent cycles; NaN = missing */
	double		trend_p;		/* its two-sided p; NaN = missing */
	int			severe;			/* severity-3 incidents this cycle (>= 0) */
	int			hot_cells;		/* active hot cells in the locality; -1 = missing */
	int			emerging_hot;	/* locations with a new, consecutive, intensifying or
								 * persistent hot spot; -1 = missing */
	double		coverage;		/* share of active reporters who reported, 0..1; NaN = missing */
	double		survey;			/* latest survey value (e.g. problemindex); NaN = missing */
} GradeInput;

typedef struct GradeRules
{
	double		min_count;		/* small-count guard: below this, excess is not judged */
	double		excess_alpha;	/* rate test level for "more than normal" */
	double		excess_alpha_high;	/* ... and for "clearly more", with: */
	double		excess_ratio_high;	/* observed / expected at least this */
	double		excess_points;
	double		excess_high_points;
	double		trend_alpha;	/* Mann-Kendall level for a rising trend */
	double		trend_points;
	double		severe_one;		/* this many severe incidents ... */
	double		severe_one_points;
	double		severe_many;
	double		severe_many_points;
	double		hot_one;		/* this many hot cells ... */
	double		hot_one_points;
	double		hot_many;
	double		hot_many_points;
	double		emerging_points;	/* any emerging hot location */
	double		survey_threshold;	/* survey value at or above this ... (NaN: off) */
	double		survey_points;
	double		coverage_min;	/* below this share of reporters: caveat */
	double		grade_at[4];	/* score needed for grade 2, 3, 4, 5 (increasing) */
} GradeRules;

/* What a reason is about; the order is the order reasons are reported in. */
typedef enum GradeReasonCode
{
	GR_EXCESS_HIGH,				/* clearly more incidents than expected */
	GR_EXCESS,					/* more than expected */
	GR_TREND_UP,				/* rising trend */
	GR_SEVERE_MANY,
	GR_SEVERE_ONE,
	GR_HOT_MANY,
	GR_HOT_ONE,
	GR_EMERGING,
	GR_SURVEY,
	/* caveats: no points, lower confidence */
	GR_SMALL_COUNT,				/* too few incidents to judge a change */
	GR_LOW_COVERAGE,			/* few reporters reported: calm may be silence */
	GR_NO_BASELINE,
	GR_NO_TREND,
	GR_NO_COVERAGE,
	GR_NO_HOTSPOTS,
	GR_NO_SURVEY,
	GR_NCODES
} GradeReasonCode;

#define GRADE_MAX_REASONS GR_NCODES

typedef struct GradeReason
{
	GradeReasonCode code;
	double		points;			/* what it added to the score (0 for caveats) */
	double		value;			/* the indicator value that triggered it */
	double		threshold;		/* the rule value it was compared with */
	double		confidence_cost;	/* what it took off the confidence */
} GradeReason;

typedef struct GradeResult
{
	int			grade;			/* 1..5 */
	double		score;
	double		confidence;		/* 0..1 */
	int			nreasons;
	GradeReason reasons[GRADE_MAX_REASONS];
} GradeResult;

void		grade_rules_default(GradeRules *rules);

/* NULL when the rules are usable, else a static message naming the problem. */
const char *grade_rules_check(const GradeRules *rules);

/* NULL when the input is usable, else a static message naming the problem. */
const char *grade_input_check(const GradeInput *in);

void		grade_assess(const GradeInput *in, const GradeRules *rules, GradeResult *out);

/* Stable identifier of a reason code, e.g. "trend_up"; NULL if out of range. */
const char *grade_reason_key(GradeReasonCode code);

/*
 * The reason as a sentence in Swedish (sv = true) or English, with its
 * numbers, written into buf (always NUL-terminated).  Swedish uses a
 * decimal comma.
 */
void		grade_reason_text(const GradeReason *r, const GradeInput *in, bool sv,
							  char *buf, int buflen);

#endif
