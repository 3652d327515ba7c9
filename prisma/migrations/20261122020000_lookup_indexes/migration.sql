-- CreateIndex
CREATE INDEX "one_time_codes_code_hash_idx" ON "one_time_codes"("code_hash");

-- CreateIndex
CREATE INDEX "rate_limits_expire_idx" ON "rate_limits"("expire");
