# Golden values for Holm's adjustment and the AUC heterogeneity test (Cochran's Q).
# Run from the project root:  Rscript test/golden/r/holm-heterogeneity.R > test/golden/r/holm-heterogeneity.json
suppressPackageStartupMessages(library(pROC))
p <- c(0.01, 0.04, 0.03, 0.2, 0.0005, 0.03)
holm <- p.adjust(p, method = "holm")

v <- read.csv("test/golden/reference/data/gbsg_validation.csv")
v <- v[!is.na(v$y), ]
q_for <- function(column) {
  levels <- sort(unique(v[[column]]))
  auc <- c(); variance <- c()
  for (level in levels) {
    s <- v[v[[column]] == level, ]
    if (length(unique(s$y)) < 2) next
    r <- roc(s$y, s$lp, levels = c(0, 1), direction = "<", quiet = TRUE)
    auc <- c(auc, as.numeric(auc(r))); variance <- c(variance, var(r, method = "delong"))
  }
  w <- 1 / variance
  pooled <- sum(w * auc) / sum(w)
  q <- sum(w * (auc - pooled)^2)
  list(variable = column, levels_used = length(auc), q = q, df = length(auc) - 1,
       p_value = pchisq(q, length(auc) - 1, lower.tail = FALSE))
}
out <- list(
  meta = list(r_version = R.version.string, proc_version = as.character(packageVersion("pROC")),
              calls = c("p.adjust(p, method = 'holm')",
                        "Q = sum(w (auc - sum(w auc)/sum(w))^2), w = 1/var(roc, method = 'delong'), per level of the variable, on gbsg_validation rows with non-empty y, score lp, direction '<'",
                        "pchisq(Q, levels - 1, lower.tail = FALSE)")),
  holm = list(p = p, adjusted = holm),
  heterogeneity = lapply(c("grade", "meno", "hormon", "size_category", "nodes_group"), q_for)
)
f <- function(x) formatC(x, digits = 17, format = "g")
cat("{\n")
cat(sprintf('  "meta": {"r_version": "%s", "proc_version": "%s", "calls": [%s]},\n', out$meta$r_version, out$meta$proc_version, paste0('"', out$meta$calls, '"', collapse = ", ")))
cat(sprintf('  "holm": {"p": [%s], "adjusted": [%s]},\n', paste(f(p), collapse = ", "), paste(f(holm), collapse = ", ")))
cat('  "heterogeneity": [\n')
rows <- sapply(out$heterogeneity, function(h) sprintf('    {"variable": "%s", "levels_used": %d, "q": %s, "df": %d, "p_value": %s}', h$variable, h$levels_used, f(h$q), h$df, f(h$p_value)))
cat(paste(rows, collapse = ",\n"))
cat("\n  ]\n}\n")
