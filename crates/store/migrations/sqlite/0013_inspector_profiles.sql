-- Inspector profiles edited from the console (issue 6 gaps): the enforcement certificate's expiry date (执法证有效期).
-- A certificate past its expiry counts as not certified when a draw takes its inspector pool (recusal reason
-- not_certified) and when an ad-hoc task names its inspectors. Home cells stay in cell_inspectors (migration 0008).
ALTER TABLE grid_inspectors ADD COLUMN cert_expires_on TEXT;
