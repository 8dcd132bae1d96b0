# Reference values for est.rate_test: R's two-sample poisson.test (package stats) on a table of
# cases. Run from the repository root:  Rscript test/reference/rate_test.R
# Writes test/reference/rate_test.tsv (committed); the first line names the R version.
# Columns: observed, exposure, baseline, baseline_exposure, alternative, conf_level,
#          estimate (NA when both counts are 0), p_value, conf_low, conf_high (Inf allowed).
cases <- read.table(text = "
x1 t1 x2 t2 alt conf
12 1 4 1 greater 0.95
12 1 4 1 two.sided 0.95
12 1 4 1 less 0.95
0 1 5 1 greater 0.95
0 1 5 1 two.sided 0.95
0 1 5 1 less 0.95
7 1 0 1 two.sided 0.95
7 1 0 1 greater 0.95
0 1 0 1 two.sided 0.95
5 1 5 1 two.sided 0.95
5 1 5 1 greater 0.95
10 2 5 1 two.sided 0.95
2 1 1 1 greater 0.95
2 1 10 10 greater 0.95
11 6 63 52 greater 0.9
11 6 63 52 two.sided 0.99
11 6 63 52 less 0.8
3 0.25 40 6 two.sided 0.95
150 1000 120 1000 two.sided 0.95
150 1000 120 1000 greater 0.95
30 13 300 130 two.sided 0.95
1 1 100 4 less 0.95
", header = TRUE, stringsAsFactors = FALSE)
out <- "test/reference/rate_test.tsv"
con <- file(out, "w")
writeLines(paste0("# ", R.version.string, "; stats::poisson.test(c(x1, x2), c(t1, t2), ",
                  "alternative = alt, conf.level = conf)"), con)
for (i in seq_len(nrow(cases))) {
  c <- cases[i, ]
  r <- poisson.test(c(c$x1, c$x2), c(c$t1, c$t2), alternative = c$alt, conf.level = c$conf)
  est <- unname(r$estimate)
  writeLines(paste(c$x1, c$t1, c$x2, c$t2, c$alt, c$conf,
                   if (is.nan(est)) "NA" else sprintf("%.17g", est),
                   sprintf("%.17g", r$p.value), sprintf("%.17g", r$conf.int[1]),
                   sprintf("%.17g", r$conf.int[2]), sep = "\t"), con)
}
close(con)
