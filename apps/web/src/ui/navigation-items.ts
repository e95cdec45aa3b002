/**
 * The product areas in the main navigation. `isAvailable` stays false until an area's pages exist, so the
 * navigation marks it "coming soon" instead of pretending.
 */
export interface NavigationItem {
  to: string;
  label: string;
  isAvailable: boolean;
}

export const navigationItems: readonly NavigationItem[] = [
  { to: '/education', label: 'Education', isAvailable: true },
  { to: '/workbench', label: 'Workbench', isAvailable: true },
  { to: '/community', label: 'Community', isAvailable: true },
  { to: '/moderation', label: 'Moderation', isAvailable: true },
  { to: '/ai', label: 'AI', isAvailable: true },
];
