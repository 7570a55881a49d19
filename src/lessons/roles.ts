/** The roles a drill's answers are given in (tiny, so the page can load it at once). */
export { ROLE_ORDER as ROLES, roleOf } from '../sim/core/components';
