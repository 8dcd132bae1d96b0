# Draws docs/figures/assess_norrtalje.png from the CSV written by tools/figures.sh:
# weekly counts of Rimbo tätort in the demo's last 52 weeks, the Sen slope of the last 12 weeks at
# each cycle, and the suggested grade of every cycle as a coloured band (the default scale).
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
d$starts <- as.POSIXct(d$starts, tz = "Europe/Stockholm")
colours <- c("#2E7D32", "#9CCC65", "#FBC02D", "#EF6C00", "#C62828")
png(args[2], width = 1000, height = 520, type = "cairo", res = 110)
layout(matrix(1:2, ncol = 1), heights = c(4, 1))
par(mar = c(2, 4.5, 3, 1))
ymax <- max(d$observed, d$expected, na.rm = TRUE) * 1.15
plot(d$starts, d$observed, type = "h", lwd = 6, col = "grey55", ylim = c(0, ymax), xaxt = "n",
     xlab = "", ylab = "severity-weighted incidents",
     main = "Rimbo (tätort), demo Nov 2025 - Nov 2026: weekly cycles, baseline and trend")
lines(d$starts, d$expected, col = "black", lwd = 2, lty = 2)
ok <- !is.na(d$trend_z) & d$trend_z > 0 & d$trend_p < 0.10
points(d$starts[ok], d$observed[ok], pch = 24, bg = "#EF6C00", col = "black", cex = 1.1)
legend("topright", bty = "n", cex = 0.85,
       legend = c("observed this cycle", "expected (mean of previous 8 cycles)", "rising trend (Mann-Kendall p < 0.10)"),
       lwd = c(6, 2, NA), lty = c(1, 2, NA), pch = c(NA, NA, 24), col = c("grey55", "black", "black"),
       pt.bg = c(NA, NA, "#EF6C00"))
par(mar = c(3, 4.5, 0.5, 1))
plot(d$starts, rep(1, nrow(d)), type = "n", ylim = c(0, 1), yaxt = "n", ylab = "grade", xlab = "")
w <- as.numeric(difftime(d$starts[2], d$starts[1], units = "secs"))
rect(d$starts, 0, d$starts + w, 1, col = colours[d$grade], border = NA)
text(d$starts + w / 2, 0.5, d$grade, cex = 0.7)
invisible(dev.off())
