// Loaded lazily (its own chunk of about 1 MB of dictionaries) by the password hints, the first
// time someone types a password: the service's own estimator, so the page's verdict matches
// what the service decides on submit.
export { passwordStrength as strength, type Strength } from '../../../src/modules/auth/password-strength.js';
